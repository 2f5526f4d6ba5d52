using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Provisioning;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>
/// Workspaces: created PROVISIONING (the provisioner takes them to RUNNING or FAILED), updated in
/// place only for credentials, network and tags, deleted with their tokens and network attachment.
/// </summary>
public sealed class WorkspaceService(IStore store, MutationRunner mutations, TimeProvider time, DaemonAddress address, ProvisioningSignal provisioning)
{
    private const string Kind = ObjectKinds.Workspace;

    public async Task<Workspace> CreateAsync(AuthenticatedPrincipal principal, CreateWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.WorkspaceName(request.WorkspaceName);
        AccountValidation.AwsRegion(request.AwsRegion);
        AccountValidation.RequiredId("credentials_id", request.CredentialsId);
        AccountValidation.RequiredId("storage_configuration_id", request.StorageConfigurationId);
        AccountValidation.CustomTags(request.CustomTags);
        if (request.DeploymentName.Length > 0)
        {
            AccountValidation.DeploymentName(request.DeploymentName);
        }
        var created = await mutations.RunAsync(new Mutation(principal, accountId, "workspace.create", request.RequestId, request), async transaction =>
        {
            if (await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, request.WorkspaceName, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("workspace_name",
                    $"A workspace named '{request.WorkspaceName}' already exists in this account: choose another workspace_name, or import the existing one.");
            }
            await AccountObjects.GetReferencedRowAsync(transaction, ObjectKinds.Credentials, accountId, request.CredentialsId, "credentials_id", cancellationToken);
            await AccountObjects.GetReferencedRowAsync(transaction, ObjectKinds.StorageConfiguration, accountId, request.StorageConfigurationId, "storage_configuration_id", cancellationToken);
            var deploymentName = request.DeploymentName.Length > 0 ? request.DeploymentName : DeriveDeploymentName(request.WorkspaceName);
            if (await transaction.GetAsync(ObjectKinds.DeploymentName, deploymentName, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("deployment_name", $"deployment_name '{deploymentName}' is taken: choose another one.");
            }
            var workspace = new Workspace
            {
                // Below 2^53 so that JSON clients that read numbers as doubles keep every digit.
                WorkspaceId = RandomNumberGenerator.GetInt32(100_000, 900_000) * 10_000_000_000L + RandomNumberGenerator.GetInt32(0, 1_000_000_000),
                WorkspaceName = request.WorkspaceName,
                AccountId = accountId,
                AwsRegion = request.AwsRegion,
                CredentialsId = request.CredentialsId,
                StorageConfigurationId = request.StorageConfigurationId,
                NetworkId = request.NetworkId,
                CustomTags = { request.CustomTags },
                WorkspaceStatus = WorkspaceStatuses.Provisioning,
                WorkspaceStatusMessage = "Workspace resources are being set up.",
                DeploymentName = deploymentName,
                CreationTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            if (request.NetworkId.Length > 0)
            {
                var network = await AccountObjects.GetReferencedRowAsync(transaction, ObjectKinds.Network, accountId, request.NetworkId, "network_id", cancellationToken);
                await NetworkService.AttachAsync(transaction, network, workspace, cancellationToken);
            }
            var id = workspace.WorkspaceId.ToString(CultureInfo.InvariantCulture);
            await transaction.InsertAsync(ObjectKinds.DeploymentName, deploymentName, accountId, ObjectKinds.AccountScope, "", id, cancellationToken);
            var row = await transaction.InsertAsync(Kind, id, accountId, ObjectKinds.AccountScope, workspace.WorkspaceName, ProtoBodies.Serialize(workspace), cancellationToken);
            return new MutationOutcome<Workspace>(View(row), Kind, id, "workspace_name=" + workspace.WorkspaceName);
        }, cancellationToken);
        provisioning.Notify();
        return created;
    }

    public Task<Workspace> GetAsync(AuthenticatedPrincipal principal, GetWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        return store.ReadAsync(async reader => View(await GetRowAsync(reader, accountId, request.WorkspaceId, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<Workspace>> ListAsync(AuthenticatedPrincipal principal, ListWorkspacesRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        return store.ReadAsync<IReadOnlyList<Workspace>>(async reader =>
            (await reader.ListAsync(Kind, accountId, ObjectKinds.AccountScope, cancellationToken: cancellationToken)).Select(View).ToList(),
            cancellationToken);
    }

    public Task<Workspace> UpdateAsync(AuthenticatedPrincipal principal, UpdateWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        if (request.UpdateCustomTags)
        {
            AccountValidation.CustomTags(request.CustomTags);
        }
        if (request.HasCredentialsId)
        {
            AccountValidation.RequiredId("credentials_id", request.CredentialsId);
        }
        return mutations.RunAsync(new Mutation(principal, accountId, "workspace.update", request.RequestId, request), async transaction =>
        {
            var row = await GetRowAsync(transaction, accountId, request.WorkspaceId, cancellationToken);
            var workspace = AccountObjects.Materialise<Workspace>(row);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, row, $"Workspace '{workspace.WorkspaceName}'");
            var changes = new List<string>();
            if (request.HasCredentialsId && request.CredentialsId != workspace.CredentialsId)
            {
                await AccountObjects.GetReferencedRowAsync(transaction, ObjectKinds.Credentials, accountId, request.CredentialsId, "credentials_id", cancellationToken);
                workspace.CredentialsId = request.CredentialsId;
                changes.Add("credentials_id=" + request.CredentialsId);
            }
            if (request.HasNetworkId && request.NetworkId != workspace.NetworkId)
            {
                if (request.NetworkId.Length > 0)
                {
                    var network = await AccountObjects.GetReferencedRowAsync(transaction, ObjectKinds.Network, accountId, request.NetworkId, "network_id", cancellationToken);
                    await NetworkService.AttachAsync(transaction, network, workspace, cancellationToken);
                }
                if (workspace.NetworkId.Length > 0)
                {
                    await NetworkService.DetachAsync(transaction, accountId, workspace.NetworkId, cancellationToken);
                }
                workspace.NetworkId = request.NetworkId;
                changes.Add("network_id=" + request.NetworkId);
            }
            if (request.UpdateCustomTags)
            {
                workspace.CustomTags.Clear();
                workspace.CustomTags.Add(request.CustomTags);
                changes.Add("custom_tags");
            }
            if (changes.Count == 0)
            {
                return new MutationOutcome<Workspace>(View(row), Kind, row.Id, "no change");
            }
            var updated = await transaction.UpdateAsync(Kind, row.Id, version, row.Name, Serialize(workspace), cancellationToken);
            return new MutationOutcome<Workspace>(View(updated), Kind, row.Id, string.Join(", ", changes));
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        return mutations.RunAsync(new Mutation(principal, accountId, "workspace.delete", request.RequestId, request), async transaction =>
        {
            var row = await GetRowAsync(transaction, accountId, request.WorkspaceId, cancellationToken);
            var workspace = AccountObjects.Materialise<Workspace>(row);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, row, $"Workspace '{workspace.WorkspaceName}'");
            if (workspace.NetworkId.Length > 0)
            {
                await NetworkService.DetachAsync(transaction, accountId, workspace.NetworkId, cancellationToken);
            }
            // The workspace's identity scope goes with it: its tokens stop working at once.
            foreach (var token in await transaction.ListAsync(ObjectKinds.Token, accountId, ObjectKinds.WorkspaceScope(workspace.WorkspaceId), cancellationToken: cancellationToken))
            {
                await transaction.DeleteAsync(ObjectKinds.Token, token.Id, token.Version, cancellationToken);
            }
            var claim = await transaction.GetAsync(ObjectKinds.DeploymentName, workspace.DeploymentName, cancellationToken);
            if (claim is not null)
            {
                await transaction.DeleteAsync(ObjectKinds.DeploymentName, claim.Id, claim.Version, cancellationToken);
            }
            await transaction.DeleteAsync(Kind, row.Id, version, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, row.Id, "workspace_name=" + workspace.WorkspaceName);
        }, cancellationToken);
    }

    /// <summary>The id of the workspace a deployment name (its URL) belongs to. A workspace token learns nothing about
    /// other workspaces' URLs: any URL but its own is denied, whether it exists or not.</summary>
    public Task<long> FindByDeploymentNameAsync(AuthenticatedPrincipal principal, string deploymentName, CancellationToken cancellationToken) =>
        store.ReadAsync(async reader =>
        {
            var claim = await reader.GetAsync(ObjectKinds.DeploymentName, deploymentName, cancellationToken);
            var workspaceId = claim is not null && claim.AccountId == principal.AccountId
                ? long.Parse(claim.Body, NumberStyles.None, CultureInfo.InvariantCulture)
                : 0;
            if (principal.WorkspaceId != 0 && principal.WorkspaceId != workspaceId)
            {
                throw LakeplaneException.Denied("This token is valid only at its own workspace's URL: use a token of the workspace you are calling.");
            }
            return workspaceId != 0
                ? workspaceId
                : throw LakeplaneException.NotFound("deployment_name", $"No workspace at /w/{deploymentName}: check the workspace_url.");
        }, cancellationToken);

    internal static async Task<StoredObject> GetRowAsync(IStoreReader reader, string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        if (workspaceId <= 0)
        {
            throw LakeplaneException.Invalid("workspace_id", "workspace_id is required: pass the numeric id of the workspace.");
        }
        return await AccountObjects.GetRowAsync(reader, Kind, accountId, workspaceId.ToString(CultureInfo.InvariantCulture), "workspace_id", cancellationToken);
    }

    /// <summary>The body kept in the store: without the version (the row has it) and the URL (it follows the daemon's address).</summary>
    internal static string Serialize(Workspace workspace)
    {
        var stored = workspace.Clone();
        stored.Version = 0;
        stored.WorkspaceUrl = "";
        return ProtoBodies.Serialize(stored);
    }

    private Workspace View(StoredObject row)
    {
        var workspace = AccountObjects.Materialise<Workspace>(row);
        workspace.WorkspaceUrl = address.WorkspaceUrl(workspace.DeploymentName);
        return workspace;
    }

    /// <summary>A DNS-safe form of the name plus a random suffix, so two workspaces never collide.</summary>
    private static string DeriveDeploymentName(string workspaceName)
    {
        var slug = new StringBuilder();
        foreach (var c in workspaceName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var stem = slug.ToString().Trim('-');
        if (stem.Length > 45)
        {
            stem = stem[..45].TrimEnd('-');
        }
        return (stem.Length == 0 ? "workspace" : stem) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }
}
