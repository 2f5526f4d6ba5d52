using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Metastores: one per region per account (the store's name of a metastore row is its region, so a second one in a
/// region cannot be written even by concurrent creates). Account admins create them; the creator owns it and the owner
/// (a user, group or service principal) is its metastore admin. Workspace users see the metastore of their workspace.
/// </summary>
public sealed class MetastoresService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.Metastore;

    public Task<MetastoreInfo> CreateAsync(AuthenticatedPrincipal caller, CreateMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = AccountIdOf(caller, request.WorkspaceId);
        var name = CatalogNames.Named("name", request.Name);
        if (request.Region.Length == 0)
        {
            throw LakeplaneException.Invalid("region", "region is required: the AWS region of the metastore (one per region), e.g. us-east-1.");
        }
        if (!AwsRegions.All.Contains(request.Region))
        {
            throw LakeplaneException.Invalid("region", $"region '{request.Region}' is not an AWS region: use one such as us-east-1, us-west-2 or eu-west-1.");
        }
        // Optional, as on Databricks: a metastore without a root keeps no managed data of its own, and then every catalog
        // names its own storage_root (under an external location) when it is created.
        var storageRoot = request.StorageRoot.Length == 0 ? "" : StorageUrls.Normalise("storage_root", request.StorageRoot);
        return calls.WriteStoreAsync(new Mutation(caller, accountId, "metastore.create", request.RequestId, request), async transaction =>
        {
            var identity = await calls.Sessions.ResolveAsync(transaction, caller, cancellationToken);
            if (!identity.IsAccountAdmin)
            {
                throw LakeplaneException.Denied($"{identity.Name} is not an account admin: creating a metastore needs an account admin.");
            }
            if (await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, request.Region, cancellationToken) is { } existing)
            {
                throw LakeplaneException.AlreadyExists("region",
                    $"Region {request.Region} already has metastore '{CatalogRows.Read<MetastoreInfo>(existing).Name}' ({existing.Id}): an account has one metastore per region; assign that one to the workspace, or import it.");
            }
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var metastore = new MetastoreInfo
            {
                MetastoreId = id,
                Name = name,
                StorageRoot = storageRoot,
                Region = request.Region,
                Owner = identity.Name,
                Cloud = "aws",
                GlobalMetastoreId = $"aws:{request.Region}:{id}",
                PrivilegeModelVersion = "1.0",
                CreatedAt = now,
                CreatedBy = identity.Name,
                UpdatedAt = now,
                UpdatedBy = identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, accountId, ObjectKinds.AccountScope, request.Region, CatalogRows.Serialize(metastore), cancellationToken);
            return new MutationOutcome<MetastoreInfo>(WithVersion(metastore, row.Version), Kind, id, $"name={name} region={request.Region}");
        }, cancellationToken);
    }

    public Task<MetastoreInfo> GetAsync(AuthenticatedPrincipal caller, GetMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = AccountIdOf(caller, request.WorkspaceId);
        return calls.ReadStoreAsync(async reader =>
        {
            var identity = await calls.Sessions.ResolveAsync(reader, caller, cancellationToken);
            var node = await CatalogSessions.MetastoreNodeAsync(reader, accountId, request.MetastoreId, "metastore_id", cancellationToken);
            if (!await MaySeeAsync(reader, identity, accountId, WorkspaceOf(caller, request.WorkspaceId), node, cancellationToken))
            {
                throw LakeplaneException.Denied($"{identity.Name} may not see metastore {request.MetastoreId}: it is not assigned to this workspace, and only its admins and account admins see it elsewhere.");
            }
            return node.Info;
        }, cancellationToken);
    }

    public Task<ListMetastoresResponse> ListAsync(AuthenticatedPrincipal caller, ListMetastoresRequest request, CancellationToken cancellationToken)
    {
        var accountId = AccountIdOf(caller, request.WorkspaceId);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadStoreAsync(async reader =>
        {
            var identity = await calls.Sessions.ResolveAsync(reader, caller, cancellationToken);
            var rows = await reader.ListAsync(Kind, accountId, ObjectKinds.AccountScope, after, pageSize, cancellationToken);
            var response = new ListMetastoresResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await CatalogSessions.MetastoreNodeAsync(reader, accountId, row.Id, "metastore_id", cancellationToken);
                if (await MaySeeAsync(reader, identity, accountId, WorkspaceOf(caller, request.WorkspaceId), node, cancellationToken))
                {
                    response.Metastores.Add(node.Info);
                }
            }
            return response;
        }, cancellationToken);
    }

    public Task<MetastoreInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = AccountIdOf(caller, request.WorkspaceId);
        var newName = request.HasNewName ? CatalogNames.Named("new_name", request.NewName) : null;
        var storageRoot = request.HasStorageRoot ? StorageUrls.Normalise("storage_root", request.StorageRoot) : null;
        return calls.WriteStoreAsync(new Mutation(caller, accountId, "metastore.update", request.RequestId, request), async transaction =>
        {
            var (node, identity) = await AdministeredAsync(transaction, caller, accountId, request.MetastoreId, "changing it", cancellationToken);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, node.Row, $"Metastore '{node.Info.Name}'");
            var info = node.Info.Clone();
            if (newName is not null)
            {
                info.Name = newName;
            }
            if (request.HasOwner)
            {
                await CatalogValidation.PrincipalAsync(transaction, calls.Sessions, accountId, "owner", request.Owner, cancellationToken);
                info.Owner = request.Owner;
            }
            if (storageRoot is not null)
            {
                info.StorageRoot = storageRoot;
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = identity.Name;
            var row = await transaction.UpdateAsync(Kind, node.Id, version, node.Row.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<MetastoreInfo>(WithVersion(info, row.Version), Kind, node.Id, $"name={info.Name} owner={info.Owner}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteMetastoreRequest request, CancellationToken cancellationToken)
    {
        var accountId = AccountIdOf(caller, request.WorkspaceId);
        return calls.WriteStoreAsync(new Mutation(caller, accountId, "metastore.delete", request.RequestId, request), async transaction =>
        {
            var (node, _) = await AdministeredAsync(transaction, caller, accountId, request.MetastoreId, "deleting it", cancellationToken);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, node.Row, $"Metastore '{node.Info.Name}'");
            var scope = ObjectKinds.MetastoreScope(node.Id);
            var assignments = await CatalogRows.AllAsync(transaction, ObjectKinds.MetastoreAssignment, accountId, scope, cancellationToken);
            var catalogs = await CatalogRows.AllAsync(transaction, ObjectKinds.Catalog, accountId, scope, cancellationToken);
            var credentials = await CatalogRows.AllAsync(transaction, ObjectKinds.StorageCredential, accountId, scope, cancellationToken);
            var locations = await CatalogRows.AllAsync(transaction, ObjectKinds.ExternalLocation, accountId, scope, cancellationToken);
            if (!request.Force && assignments.Count + catalogs.Count + credentials.Count + locations.Count > 0)
            {
                var inside = new List<string>();
                if (assignments.Count > 0) { inside.Add($"assigned to workspace(s) {CatalogValidation.Few(assignments.Select(a => a.Name).ToList(), assignments.Count)}"); }
                if (catalogs.Count > 0) { inside.Add($"catalog(s) {CatalogValidation.Few(catalogs.Select(c => c.Name).ToList(), catalogs.Count)}"); }
                if (credentials.Count > 0) { inside.Add($"storage credential(s) {CatalogValidation.Few(credentials.Select(c => c.Name).ToList(), credentials.Count)}"); }
                if (locations.Count > 0) { inside.Add($"external location(s) {CatalogValidation.Few(locations.Select(l => l.Name).ToList(), locations.Count)}"); }
                throw LakeplaneException.Conflict(
                    $"Metastore '{node.Info.Name}' is in use: {string.Join("; ", inside)}. Remove them first, or delete with force to remove everything in it.", "force");
            }
            foreach (var catalog in catalogs)
            {
                await CatalogsService.DeleteTreeAsync(transaction, accountId, catalog, force: true, cancellationToken);
            }
            foreach (var location in locations)
            {
                await ExternalLocationsService.DeleteAsync(transaction, accountId, location, cancellationToken);
            }
            foreach (var row in credentials.Concat(assignments))
            {
                await CatalogRows.DeleteWithGrantsAsync(transaction, row, cancellationToken);
            }
            await CatalogRows.DeleteWithGrantsAsync(transaction, node.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, node.Id, $"name={node.Info.Name} force={request.Force}");
        }, cancellationToken);
    }

    /// <summary>The account of a metastore call: an account-wide admin token may leave workspace_id 0; otherwise the caller
    /// must be able to act in the workspace named.</summary>
    internal static string AccountIdOf(AuthenticatedPrincipal caller, long workspaceId) =>
        workspaceId == 0 && caller.WorkspaceId == 0
            ? Authorization.RequireAccountAdmin(caller, "")
            : Authorization.RequireWorkspaceAccess(caller, "", WorkspaceOf(caller, workspaceId));

    /// <summary>The workspace named, or the one the caller's token is bound to.</summary>
    internal static long WorkspaceOf(AuthenticatedPrincipal caller, long workspaceId) => workspaceId == 0 ? caller.WorkspaceId : workspaceId;

    /// <summary>The metastore, when the caller is one of its admins (its owner, or an account admin).</summary>
    internal async Task<(CatalogNode<MetastoreInfo> Node, GrantIdentity Identity)> AdministeredAsync(
        IStoreReader reader, AuthenticatedPrincipal caller, string accountId, string metastoreId, string what, CancellationToken cancellationToken)
    {
        var identity = await calls.Sessions.ResolveAsync(reader, caller, cancellationToken);
        var node = await CatalogSessions.MetastoreNodeAsync(reader, accountId, metastoreId, "metastore_id", cancellationToken);
        if (!PrivilegeEvaluator.IsMetastoreAdmin(identity, node.Securable))
        {
            throw LakeplaneException.Denied($"{identity.Name} is not a metastore admin of metastore {node.Info.Name} ({node.Id}): {what} needs its owner or an account admin.");
        }
        return (node, identity);
    }

    private static async Task<bool> MaySeeAsync(IStoreReader reader, GrantIdentity identity, string accountId, long workspaceId, CatalogNode<MetastoreInfo> node, CancellationToken cancellationToken) =>
        PrivilegeEvaluator.IsMetastoreAdmin(identity, node.Securable)
        || (workspaceId > 0 && await CatalogSessions.AssignedMetastoreIdAsync(reader, accountId, workspaceId, cancellationToken) == node.Id);

    private static MetastoreInfo WithVersion(MetastoreInfo info, long version)
    {
        var copy = info.Clone();
        copy.Version = version;
        return copy;
    }
}
