using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>Opens catalog sessions: checks the caller may act in the workspace, finds the workspace's metastore and
/// resolves the caller's grant name and groups, all in the snapshot the call then reads.</summary>
public sealed class CatalogSessions(IPrincipalDirectory directory)
{
    public async Task<CatalogSession> OpenAsync(IStoreReader reader, AuthenticatedPrincipal caller, long workspaceId, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(caller, "", workspaceId);
        var metastoreId = await AssignedMetastoreIdAsync(reader, accountId, workspaceId, cancellationToken)
            ?? throw LakeplaneException.Invalid("workspace_id",
                $"Workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} (workspace_id) has no metastore assigned: assign one first (PUT /api/2.1/unity-catalog/workspaces/{workspaceId.ToString(CultureInfo.InvariantCulture)}/metastore, or lakeplane_metastore_assignment).");
        var metastore = await MetastoreNodeAsync(reader, accountId, metastoreId, "metastore_id", cancellationToken);
        var identity = await directory.ResolveAsync(reader, caller, cancellationToken);
        return new CatalogSession(reader, accountId, workspaceId, caller, identity, metastore, this);
    }

    public Task<GrantIdentity> ResolveAsync(IStoreReader reader, AuthenticatedPrincipal caller, CancellationToken cancellationToken) =>
        directory.ResolveAsync(reader, caller, cancellationToken);

    public IPrincipalDirectory Directory => directory;

    /// <summary>The metastore assigned to a workspace that exists, or null.</summary>
    public static async Task<string?> AssignedMetastoreIdAsync(IStoreReader reader, string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        await WorkspaceService.GetRowAsync(reader, accountId, workspaceId, cancellationToken);
        var row = await reader.GetAsync(ObjectKinds.MetastoreAssignment, workspaceId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return row is null || row.AccountId != accountId ? null : CatalogRows.Read<MetastoreAssignment>(row).MetastoreId;
    }

    public static async Task<CatalogNode<MetastoreInfo>> MetastoreNodeAsync(IStoreReader reader, string accountId, string metastoreId, string field, CancellationToken cancellationToken)
    {
        if (metastoreId.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required.");
        }
        var row = await reader.GetAsync(ObjectKinds.Metastore, metastoreId, cancellationToken);
        if (row is null || row.AccountId != accountId)
        {
            throw LakeplaneException.NotFound(field, $"No metastore with {field} '{metastoreId}' in this account: list the metastores to find its id.");
        }
        var info = CatalogRows.Read<MetastoreInfo>(row);
        var grants = await CatalogRows.GrantsAsync(reader, row.Id, cancellationToken);
        return new CatalogNode<MetastoreInfo>(row, info, SecurablePath.OfMetastore(new Securable(SecurableType.Metastore, row.Id, row.Id, info.Owner, grants)));
    }
}
