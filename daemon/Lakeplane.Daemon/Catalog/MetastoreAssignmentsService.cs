using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Which metastore a workspace's catalog calls use. One per workspace (the assignment row's id is the workspace id);
/// kept in the metastore's scope so deleting a metastore finds its workspaces. Assigning and unassigning need an admin of
/// the metastore (its owner or an account admin); the metastore must be in the workspace's region.
/// </summary>
public sealed class MetastoreAssignmentsService(CatalogCalls calls, MetastoresService metastores)
{
    private const string Kind = ObjectKinds.MetastoreAssignment;
    private const string DefaultCatalogName = "hive_metastore";

    public Task<MetastoreAssignment> AssignAsync(AuthenticatedPrincipal caller, AssignMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(caller, "", request.WorkspaceId);
        var defaultCatalog = request.DefaultCatalogName.Length == 0 ? DefaultCatalogName : CatalogNames.Securable("default_catalog_name", request.DefaultCatalogName);
        return calls.WriteStoreAsync(new Mutation(caller, accountId, "metastore_assignment.assign", request.RequestId, request), async transaction =>
        {
            var (metastore, _) = await metastores.AdministeredAsync(transaction, caller, accountId, request.MetastoreId, "assigning it to a workspace", cancellationToken);
            var workspace = AccountObjects.Materialise<Workspace>(await WorkspaceService.GetRowAsync(transaction, accountId, request.WorkspaceId, cancellationToken));
            if (workspace.AwsRegion != metastore.Info.Region)
            {
                throw LakeplaneException.Invalid("metastore_id",
                    $"Metastore '{metastore.Info.Name}' is in {metastore.Info.Region} and workspace {workspace.WorkspaceName} in {workspace.AwsRegion}: assign the metastore of the workspace's region.");
            }
            var key = request.WorkspaceId.ToString(CultureInfo.InvariantCulture);
            var assignment = new MetastoreAssignment { WorkspaceId = request.WorkspaceId, MetastoreId = metastore.Id, DefaultCatalogName = defaultCatalog };
            var scope = ObjectKinds.MetastoreScope(metastore.Id);
            var existing = await transaction.GetAsync(Kind, key, cancellationToken);
            Store.StoredObject row;
            if (existing is not null && existing.Scope == scope)
            {
                row = await transaction.UpdateAsync(Kind, key, existing.Version, key, CatalogRows.Serialize(assignment), cancellationToken);
            }
            else
            {
                if (existing is not null)
                {
                    await transaction.DeleteAsync(Kind, key, existing.Version, cancellationToken);
                }
                row = await transaction.InsertAsync(Kind, key, accountId, scope, key, CatalogRows.Serialize(assignment), cancellationToken);
            }
            assignment.Version = row.Version;
            return new MutationOutcome<MetastoreAssignment>(assignment, Kind, key, $"metastore_id={metastore.Id} default_catalog_name={defaultCatalog}");
        }, cancellationToken);
    }

    public Task<MetastoreAssignment> GetAsync(AuthenticatedPrincipal caller, GetMetastoreAssignmentRequest request, CancellationToken cancellationToken)
    {
        var workspaceId = MetastoresService.WorkspaceOf(caller, request.WorkspaceId);
        var accountId = Authorization.RequireWorkspaceAccess(caller, "", workspaceId);
        return calls.ReadStoreAsync(async reader =>
        {
            await WorkspaceService.GetRowAsync(reader, accountId, workspaceId, cancellationToken);
            var row = await reader.GetAsync(Kind, workspaceId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            return row is not null && row.AccountId == accountId
                ? CatalogRows.Read<MetastoreAssignment>(row)
                : throw LakeplaneException.NotFound("workspace_id", $"Workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} has no metastore assigned.");
        }, cancellationToken);
    }

    public Task<DeleteResponse> UnassignAsync(AuthenticatedPrincipal caller, UnassignMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(caller, "", request.WorkspaceId);
        return calls.WriteStoreAsync(new Mutation(caller, accountId, "metastore_assignment.unassign", request.RequestId, request), async transaction =>
        {
            var (metastore, _) = await metastores.AdministeredAsync(transaction, caller, accountId, request.MetastoreId, "unassigning it", cancellationToken);
            var key = request.WorkspaceId.ToString(CultureInfo.InvariantCulture);
            var row = await transaction.GetAsync(Kind, key, cancellationToken);
            if (row is null || row.AccountId != accountId || row.Scope != ObjectKinds.MetastoreScope(metastore.Id))
            {
                throw LakeplaneException.NotFound("metastore_id", $"Metastore {metastore.Id} is not assigned to workspace {key}.");
            }
            await transaction.DeleteAsync(Kind, key, row.Version, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, key, "metastore_id=" + metastore.Id);
        }, cancellationToken);
    }
}
