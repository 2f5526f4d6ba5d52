using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>The account: workspaces with their status, and the credentials, storage configurations and networks they use.
/// Read through the account services, which admit account admins on account-wide tokens; a workspace token is taken to
/// its workspace instead.</summary>
public sealed class IndexModel(
    WorkspaceService workspaces, CredentialsService credentials, StorageConfigurationService storage, NetworkService networks) : UiPageModel
{
    public IReadOnlyList<Workspace> Workspaces { get; private set; } = [];

    public IReadOnlyList<Credentials> Credentials { get; private set; } = [];

    public IReadOnlyList<StorageConfiguration> StorageConfigurations { get; private set; } = [];

    public IReadOnlyList<Network> Networks { get; private set; } = [];

    public bool Loaded { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Caller.MayAdministerAccount && Caller.WorkspaceId != 0)
        {
            return Redirect($"{Request.PathBase}/workspaces/{Caller.WorkspaceId}");
        }
        Loaded = await TryAsync(LoadAsync);
        return Page();
    }

    /// <summary>What the live script compares: a workspace's status moves (PROVISIONING → RUNNING) without a reload.</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(LoadAsync))
        {
            return StatusCode(Response.StatusCode, new { error_code = Error!.Code.ToWireName() });
        }
        return new JsonResult(new { fingerprint = Fingerprint });
    }

    public string Fingerprint => string.Join(";", Workspaces.Select(w => $"{w.WorkspaceId}:{w.WorkspaceStatus}:{w.Version}"))
                                 + "|" + Networks.Count + "|" + Credentials.Count + "|" + StorageConfigurations.Count;

    public string NameOfCredentials(string id) => Credentials.FirstOrDefault(c => c.CredentialsId == id)?.CredentialsName ?? id;

    public string NameOfStorage(string id) => StorageConfigurations.FirstOrDefault(s => s.StorageConfigurationId == id)?.StorageConfigurationName ?? id;

    public string NameOfNetwork(string id) => id.Length == 0 ? "Lakeplane-managed" : Networks.FirstOrDefault(n => n.NetworkId == id)?.NetworkName ?? id;

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        Workspaces = await workspaces.ListAsync(Caller, new ListWorkspacesRequest(), cancellation);
        Credentials = await credentials.ListAsync(Caller, new ListCredentialsRequest(), cancellation);
        StorageConfigurations = await storage.ListAsync(Caller, new ListStorageConfigurationsRequest(), cancellation);
        Networks = await networks.ListAsync(Caller, new ListNetworksRequest(), cancellation);
    }
}
