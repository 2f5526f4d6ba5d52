using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>Catalogs: the first level of a metastore's namespace. Creating one needs CREATE_CATALOG on the metastore;
/// seeing one USE_CATALOG (or BROWSE, with include_browse); changing or deleting one MANAGE or ownership.</summary>
public sealed class CatalogsService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.Catalog;

    public Task<CatalogInfo> CreateAsync(AuthenticatedPrincipal caller, CreateCatalogRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        CatalogValidation.Comment(request.Comment);
        CatalogValidation.Properties(request.Properties);
        var storageRoot = request.StorageRoot.Length == 0 ? "" : StorageUrls.Normalise("storage_root", request.StorageRoot);
        return calls.WriteAsync(caller, request.WorkspaceId, "catalog.create", request.RequestId, request, async (session, transaction) =>
        {
            session.Require(session.Metastore.Path, Privilege.CreateCatalog);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"Catalog '{name}' already exists in metastore {session.Metastore.Info.Name}: choose another name, or import the existing one.");
            }
            if (storageRoot.Length > 0)
            {
                await ExternalLocationsService.RequireManagedStorageAsync(session, storageRoot, "storage_root", cancellationToken);
            }
            else if (session.Metastore.Info.StorageRoot.Length == 0)
            {
                throw LakeplaneException.Invalid("storage_root",
                    $"Metastore '{session.Metastore.Info.Name}' has no storage_root, so catalog '{name}' needs a storage_root of its own for its managed tables and volumes: " +
                    "give an s3:// path under an external location you hold CREATE_MANAGED_STORAGE on, or set the metastore's storage_root.");
            }
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var catalog = new CatalogInfo
            {
                Name = name,
                Id = id,
                MetastoreId = session.MetastoreId,
                Owner = session.Identity.Name,
                Comment = request.Comment,
                Properties = { request.Properties },
                StorageRoot = storageRoot,
                StorageLocation = (storageRoot.Length > 0 ? storageRoot : session.Metastore.Info.StorageRoot) + "/__unitystorage/catalogs/" + id,
                CatalogType = "MANAGED_CATALOG",
                IsolationMode = "OPEN",
                SecurableType = SecurableType.Catalog.ToWireName(),
                CreatedAt = now,
                CreatedBy = session.Identity.Name,
                UpdatedAt = now,
                UpdatedBy = session.Identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, session.MetastoreScope, name, CatalogRows.Serialize(catalog), cancellationToken);
            return new MutationOutcome<CatalogInfo>(Present(catalog, row.Version, browseOnly: false), Kind, id, "name=" + name);
        }, cancellationToken);
    }

    public Task<CatalogInfo> GetAsync(AuthenticatedPrincipal caller, GetCatalogRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var catalog = await session.CatalogAsync(name, "name", cancellationToken);
            var browseOnly = !session.Holds(catalog.Path, Privilege.UseCatalog);
            if (browseOnly && !(request.IncludeBrowse && session.MaySee(catalog.Path)))
            {
                session.Require(catalog.Path, Privilege.UseCatalog);
            }
            return Present(catalog.Info, catalog.Row.Version, browseOnly);
        }, cancellationToken);
    }

    public Task<ListCatalogsResponse> ListAsync(AuthenticatedPrincipal caller, ListCatalogsRequest request, CancellationToken cancellationToken)
    {
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var rows = await session.Reader.ListAsync(Kind, session.AccountId, session.MetastoreScope, after, pageSize, cancellationToken);
            var response = new ListCatalogsResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await session.VisibleNodeAsync<CatalogInfo>(row, SecurableType.Catalog, row.Name, session.Metastore.Path, cancellationToken);
                var browseOnly = node is not null && !session.Holds(node.Path, Privilege.UseCatalog);
                if (node is not null && (!browseOnly || request.IncludeBrowse))
                {
                    response.Catalogs.Add(Present(node.Info, row.Version, browseOnly));
                }
            }
            return response;
        }, cancellationToken);
    }

    public Task<CatalogInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateCatalogRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        var newName = request.HasNewName ? CatalogNames.Securable("new_name", request.NewName) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        CatalogValidation.Properties(request.Properties);
        return calls.WriteAsync(caller, request.WorkspaceId, "catalog.update", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(name, "name", cancellationToken);
            session.Require(catalog.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, catalog.Row, $"Catalog '{name}'");
            var info = catalog.Info.Clone();
            if (newName is not null && newName != name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"Catalog '{newName}' already exists: choose another new_name.");
                }
                info.Name = newName;
            }
            if (request.HasOwner)
            {
                info.Owner = await CatalogValidation.OwnerAsync(session, request.Owner, cancellationToken);
            }
            if (request.HasComment)
            {
                info.Comment = request.Comment;
            }
            if (request.UpdateProperties)
            {
                info.Properties.Clear();
                info.Properties.Add(request.Properties);
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = session.Identity.Name;
            var row = await transaction.UpdateAsync(Kind, catalog.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<CatalogInfo>(Present(info, row.Version, browseOnly: false), Kind, catalog.Id, "name=" + info.Name);
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteCatalogRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        return calls.WriteAsync(caller, request.WorkspaceId, "catalog.delete", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(name, "name", cancellationToken);
            session.Require(catalog.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, catalog.Row, $"Catalog '{name}'");
            await DeleteTreeAsync(transaction, session.AccountId, catalog.Row, request.Force, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, catalog.Id, $"name={name} force={request.Force}");
        }, cancellationToken);
    }

    /// <summary>Deletes a catalog with its grants; with <paramref name="force"/> its schemas and everything in them too,
    /// otherwise a catalog with schemas is refused naming them.</summary>
    internal static async Task DeleteTreeAsync(IStoreTransaction transaction, string accountId, StoredObject catalog, bool force, CancellationToken cancellationToken)
    {
        var schemas = await CatalogRows.AllAsync(transaction, ObjectKinds.Schema, accountId, ObjectKinds.CatalogScope(catalog.Id), cancellationToken);
        if (schemas.Count > 0 && !force)
        {
            throw LakeplaneException.Conflict(
                $"Catalog '{catalog.Name}' is not empty: it contains {schemas.Count} schema(s): {CatalogValidation.Few(schemas.Select(s => s.Name).ToList(), schemas.Count)}. Delete them first, or delete with force (force_destroy) to remove the catalog with everything in it.",
                "force");
        }
        foreach (var schema in schemas)
        {
            await SchemasService.DeleteTreeAsync(transaction, accountId, catalog.Name, schema, force: true, cancellationToken);
        }
        await CatalogRows.DeleteWithGrantsAsync(transaction, catalog, cancellationToken);
    }

    private static CatalogInfo Present(CatalogInfo stored, long version, bool browseOnly)
    {
        var info = stored.Clone();
        info.FullName = info.Name;
        info.Version = version;
        info.BrowseOnly = browseOnly;
        return info;
    }
}
