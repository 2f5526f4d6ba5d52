using System.Globalization;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;

namespace Lakeplane.Daemon.Catalog.Rest;

/// <summary>What the Unity Catalog REST endpoints read from a request besides the body: caller, workspace, query
/// parameters, idempotency key and If-Match.</summary>
public sealed class CatalogRestRequest
{
    private CatalogRestRequest(HttpContext http, AuthenticatedPrincipal caller, long workspaceId)
    {
        Http = http;
        Caller = caller;
        WorkspaceId = workspaceId;
    }

    public HttpContext Http { get; }

    public AuthenticatedPrincipal Caller { get; }

    /// <summary>The workspace the call runs in: of the URL (/w/{deployment}/...), the X-Databricks-Org-Id header, or the token.</summary>
    public long WorkspaceId { get; }

    public string RequestId => RestCall.RequestId(Http);

    public long ExpectedVersion => RestCall.ExpectedVersion(Http);

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>A catalog call: it must name a workspace.</summary>
    public static async Task<CatalogRestRequest> OfWorkspaceAsync(HttpContext http)
    {
        var caller = await RestCall.CallerAsync(http);
        return new CatalogRestRequest(http, caller, await WorkspaceTarget.ResolveAsync(http, caller));
    }

    /// <summary>A metastore call: an account admin's account-wide token may name no workspace (workspace 0).</summary>
    public static async Task<CatalogRestRequest> OfAccountAsync(HttpContext http)
    {
        var caller = await RestCall.CallerAsync(http);
        var namesWorkspace = http.Request.Headers.ContainsKey(WorkspaceTarget.WorkspaceHeader) || WorkspaceUrlRouting.DeploymentName(http) is not null;
        var workspaceId = namesWorkspace || caller.WorkspaceId != 0 ? await WorkspaceTarget.ResolveAsync(http, caller) : 0;
        return new CatalogRestRequest(http, caller, workspaceId);
    }

    public string Query(string name) => Http.Request.Query[name].ToString();

    public int QueryInt(string name)
    {
        var text = Query(name);
        return text.Length == 0 ? 0
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not a whole number.");
    }

    public bool QueryBool(string name)
    {
        var text = Query(name);
        return text.Length == 0 ? false
            : bool.TryParse(text, out var value) ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not true or false.");
    }

    public static long WorkspaceIdOfPath(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw LakeplaneException.Invalid("workspace_id", $"workspace_id '{text}' is not a workspace id: use the numeric workspace_id.");
}
