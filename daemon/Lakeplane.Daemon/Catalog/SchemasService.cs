using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>Schemas: the second level. Creating one needs USE_CATALOG and CREATE_SCHEMA on its catalog; seeing one
/// USE_CATALOG and USE_SCHEMA (or any privilege on it, or BROWSE with include_browse); changing or deleting one MANAGE
/// or ownership.</summary>
public sealed class SchemasService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.Schema;

    public Task<SchemaInfo> CreateAsync(AuthenticatedPrincipal caller, CreateSchemaRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        CatalogValidation.Comment(request.Comment);
        CatalogValidation.Properties(request.Properties);
        var storageRoot = request.StorageRoot.Length == 0 ? "" : StorageUrls.Normalise("storage_root", request.StorageRoot);
        return calls.WriteAsync(caller, request.WorkspaceId, "schema.create", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
            session.Require(catalog.Path, Privilege.UseCatalog);
            session.Require(catalog.Path, Privilege.CreateSchema);
            var scope = ObjectKinds.CatalogScope(catalog.Id);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, scope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"Schema '{catalogName}.{name}' already exists: choose another name, or import the existing one.");
            }
            if (storageRoot.Length > 0)
            {
                await ExternalLocationsService.RequireManagedStorageAsync(session, storageRoot, "storage_root", cancellationToken);
            }
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var schema = new SchemaInfo
            {
                Name = name,
                SchemaId = id,
                MetastoreId = session.MetastoreId,
                Owner = session.Identity.Name,
                Comment = request.Comment,
                Properties = { request.Properties },
                StorageRoot = storageRoot,
                StorageLocation = storageRoot.Length > 0 ? storageRoot + "/__unitystorage/schemas/" + id : catalog.Info.StorageLocation + "/schemas/" + id,
                CatalogType = catalog.Info.CatalogType,
                CreatedAt = now,
                CreatedBy = session.Identity.Name,
                UpdatedAt = now,
                UpdatedBy = session.Identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, scope, name, CatalogRows.Serialize(schema), cancellationToken);
            return new MutationOutcome<SchemaInfo>(Present(schema, catalogName, row.Version, browseOnly: false), Kind, id, $"full_name={catalogName}.{name}");
        }, cancellationToken);
    }

    public Task<SchemaInfo> GetAsync(AuthenticatedPrincipal caller, GetSchemaRequest request, CancellationToken cancellationToken) =>
        calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (catalog, schema) = await session.SchemaByFullNameAsync(request.FullName, "full_name", cancellationToken);
            var browseOnly = !(session.Holds(catalog.Path, Privilege.UseCatalog) && session.Holds(schema.Path, Privilege.UseSchema));
            if (browseOnly && !(request.IncludeBrowse && session.MaySee(schema.Path)))
            {
                session.Require(catalog.Path, Privilege.UseCatalog);
                session.Require(schema.Path, Privilege.UseSchema);
            }
            return Present(schema.Info, catalog.Info.Name, schema.Row.Version, browseOnly);
        }, cancellationToken);

    public Task<ListSchemasResponse> ListAsync(AuthenticatedPrincipal caller, ListSchemasRequest request, CancellationToken cancellationToken)
    {
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
            var usesCatalog = session.Holds(catalog.Path, Privilege.UseCatalog);
            if (!usesCatalog && !(request.IncludeBrowse && session.MaySee(catalog.Path)))
            {
                session.Require(catalog.Path, Privilege.UseCatalog);
            }
            var rows = await session.Reader.ListAsync(Kind, session.AccountId, ObjectKinds.CatalogScope(catalog.Id), after, pageSize, cancellationToken);
            var response = new ListSchemasResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await session.VisibleNodeAsync<SchemaInfo>(row, SecurableType.Schema, catalogName + "." + row.Name, catalog.Path, cancellationToken);
                var browseOnly = node is not null && !(usesCatalog && session.Holds(node.Path, Privilege.UseSchema));
                if (node is not null && (!browseOnly || request.IncludeBrowse))
                {
                    response.Schemas.Add(Present(node.Info, catalogName, row.Version, browseOnly));
                }
            }
            return response;
        }, cancellationToken);
    }

    public Task<SchemaInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateSchemaRequest request, CancellationToken cancellationToken)
    {
        var newName = request.HasNewName ? CatalogNames.Securable("new_name", request.NewName) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        CatalogValidation.Properties(request.Properties);
        return calls.WriteAsync(caller, request.WorkspaceId, "schema.update", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema) = await session.SchemaByFullNameAsync(request.FullName, "full_name", cancellationToken);
            session.Require(catalog.Path, Privilege.UseCatalog);
            session.Require(schema.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, schema.Row, $"Schema '{schema.Securable.FullName}'");
            var info = schema.Info.Clone();
            if (newName is not null && newName != info.Name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, schema.Row.Scope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"Schema '{catalog.Info.Name}.{newName}' already exists: choose another new_name.");
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
            var row = await transaction.UpdateAsync(Kind, schema.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<SchemaInfo>(Present(info, catalog.Info.Name, row.Version, browseOnly: false), Kind, schema.Id, $"full_name={catalog.Info.Name}.{info.Name}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteSchemaRequest request, CancellationToken cancellationToken) =>
        calls.WriteAsync(caller, request.WorkspaceId, "schema.delete", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema) = await session.SchemaByFullNameAsync(request.FullName, "full_name", cancellationToken);
            session.Require(catalog.Path, Privilege.UseCatalog);
            session.Require(schema.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, schema.Row, $"Schema '{schema.Securable.FullName}'");
            await DeleteTreeAsync(transaction, session.AccountId, catalog.Info.Name, schema.Row, request.Force, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, schema.Id, $"full_name={schema.Securable.FullName} force={request.Force}");
        }, cancellationToken);

    /// <summary>What a schema holds, as the store keeps it and as a refused delete names it.</summary>
    private static readonly (string Kind, string Label)[] Contents =
        [(ObjectKinds.Table, "table"), (ObjectKinds.Volume, "volume"), (ObjectKinds.Function, "function")];

    /// <summary>Deletes a schema with its grants; with <paramref name="force"/> its tables, volumes and functions (and
    /// their grants) too, otherwise a schema with any is refused naming them.</summary>
    internal static async Task DeleteTreeAsync(IStoreTransaction transaction, string accountId, string catalogName, StoredObject schema, bool force, CancellationToken cancellationToken)
    {
        var scope = ObjectKinds.SchemaScope(schema.Id);
        if (!force)
        {
            var inside = new List<string>();
            foreach (var (kind, label) in Contents)
            {
                var rows = await transaction.ListAsync(kind, accountId, scope, limit: 11, cancellationToken: cancellationToken);
                if (rows.Count > 0)
                {
                    inside.Add($"{label}(s) {string.Join(", ", rows.Take(10).Select(r => r.Name))}{(rows.Count > 10 ? " and more" : "")}");
                }
            }
            if (inside.Count > 0)
            {
                throw LakeplaneException.Conflict(
                    $"Schema '{catalogName}.{schema.Name}' is not empty: it contains {string.Join(" and ", inside)}. Delete them first, or delete with force (force_destroy) to remove the schema with everything in it.",
                    "force");
            }
        }
        foreach (var (kind, _) in Contents)
        {
            foreach (var row in await CatalogRows.AllAsync(transaction, kind, accountId, scope, cancellationToken))
            {
                await CatalogRows.DeleteWithGrantsAsync(transaction, row, cancellationToken);
            }
        }
        await CatalogRows.DeleteWithGrantsAsync(transaction, schema, cancellationToken);
    }

    internal static SchemaInfo Present(SchemaInfo stored, string catalogName, long version, bool browseOnly)
    {
        var info = stored.Clone();
        info.CatalogName = catalogName;
        info.FullName = catalogName + "." + info.Name;
        info.Version = version;
        info.BrowseOnly = browseOnly;
        return info;
    }
}
