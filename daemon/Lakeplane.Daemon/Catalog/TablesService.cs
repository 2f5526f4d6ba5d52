using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Delta;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Tables, managed (storage under the schema's managed location) or external (storage under an external location the
/// caller may use). Every call needs USE_CATALOG and USE_SCHEMA on the parents; reading a table SELECT, creating one
/// CREATE_TABLE on the schema (and CREATE_EXTERNAL_TABLE on the location for an external one), changing its columns,
/// comment or properties MODIFY, renaming, re-owning or deleting it MANAGE; owners and metastore admins hold them all.
/// </summary>
public sealed class TablesService(CatalogCalls calls, DeltaTableView delta)
{
    private const string Kind = ObjectKinds.Table;

    public Task<TableInfo> CreateAsync(AuthenticatedPrincipal caller, CreateTableRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        var tableType = TableColumns.Upper("table_type", request.TableType, "MANAGED", TableColumns.TableTypes);
        var format = TableColumns.Upper("data_source_format", request.DataSourceFormat, "DELTA", TableColumns.DataSourceFormats);
        var columns = TableColumns.Validate(request.Columns);
        CatalogValidation.Comment(request.Comment);
        CatalogValidation.Properties(request.Properties);
        var location = ExternalLocationsService.StorageLocationFor(tableType == "EXTERNAL", request.StorageLocation, "table");
        return calls.WriteAsync(caller, request.WorkspaceId, "table.create", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
            var schema = await session.SchemaAsync(catalog, schemaName, "schema_name", cancellationToken);
            RequireUse(session, catalog, schema);
            session.Require(schema.Path, Privilege.CreateTable);
            var scope = ObjectKinds.SchemaScope(schema.Id);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, scope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"Table '{schema.Securable.FullName}.{name}' already exists: choose another name, or import the existing one.");
            }
            var id = Guid.NewGuid().ToString();
            if (location.Length > 0)
            {
                var under = await ExternalLocationsService.RequireExternalUseAsync(session, location, "storage_location", Privilege.CreateExternalTable, cancellationToken);
                await ExternalLocationsService.RecordUseAsync(transaction, session, under, id, SecurableType.Table, cancellationToken);
            }
            var now = calls.Now();
            var table = new TableInfo
            {
                Name = name,
                TableId = id,
                MetastoreId = session.MetastoreId,
                TableType = tableType,
                DataSourceFormat = format,
                Columns = { columns },
                StorageLocation = location.Length > 0 ? location : schema.Info.StorageLocation + "/tables/" + id,
                Owner = session.Identity.Name,
                Comment = request.Comment,
                Properties = { request.Properties },
                CreatedAt = now,
                CreatedBy = session.Identity.Name,
                UpdatedAt = now,
                UpdatedBy = session.Identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, scope, name, CatalogRows.Serialize(table), cancellationToken);
            return new MutationOutcome<TableInfo>(Present(table, catalogName, schemaName, row.Version, false, false, false), Kind, id,
                $"full_name={catalogName}.{schemaName}.{name}");
        }, cancellationToken);
    }

    /// <summary>The table; a DELTA table as its log shows it (version, protocol, schema: see <see cref="DeltaTableView"/>),
    /// read after the store's snapshot is released, so slow storage never holds the store.</summary>
    public async Task<TableInfo> GetAsync(AuthenticatedPrincipal caller, GetTableRequest request, CancellationToken cancellationToken)
    {
        var (info, access) = await calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (catalog, schema, table, browseOnly) = await SchemaChildReads.GetAsync(
                session, request.FullName, "full_name", Privilege.Select, request.IncludeBrowse, session.TableAsync, cancellationToken);
            var access = browseOnly ? null : await LocationAccess.ForAsync(session, table.Info.StorageLocation, cancellationToken);
            return (Present(table.Info, catalog.Info.Name, schema.Info.Name, table.Row.Version, browseOnly, false, false), access);
        }, cancellationToken);
        if (access is not null)
        {
            await delta.DescribeAsync(info, access, cancellationToken);
        }
        return info;
    }

    public Task<ListTablesResponse> ListAsync(AuthenticatedPrincipal caller, ListTablesRequest request, CancellationToken cancellationToken)
    {
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (visible, next) = await SchemaChildReads.ListAsync<TableInfo>(
                session, Kind, SecurableType.Table, Privilege.Select, catalogName, schemaName, after, pageSize, request.IncludeBrowse, cancellationToken);
            var response = new ListTablesResponse { NextPageToken = next };
            response.Tables.AddRange(visible.Select(child =>
                Present(child.Node.Info, catalogName, schemaName, child.Node.Row.Version, child.BrowseOnly, request.OmitColumns, request.OmitProperties)));
            return response;
        }, cancellationToken);
    }

    public Task<TableInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateTableRequest request, CancellationToken cancellationToken)
    {
        var newName = request.HasNewName ? CatalogNames.Securable("new_name", request.NewName) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        CatalogValidation.Properties(request.Properties);
        var columns = request.UpdateColumns ? TableColumns.Validate(request.Columns) : null;
        return calls.WriteAsync(caller, request.WorkspaceId, "table.update", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.FullName, "full_name", cancellationToken);
            var table = await session.TableAsync(schema, name, "full_name", cancellationToken);
            RequireUse(session, catalog, schema);
            if (newName is not null || request.HasOwner)
            {
                session.Require(table.Path, Privilege.Manage);
            }
            if ((request.HasComment || request.UpdateProperties || columns is not null) && !session.Holds(table.Path, Privilege.Manage))
            {
                session.Require(table.Path, Privilege.Modify);
            }
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, table.Row, $"Table '{table.Securable.FullName}'");
            var info = table.Info.Clone();
            if (newName is not null && newName != info.Name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, table.Row.Scope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"Table '{schema.Securable.FullName}.{newName}' already exists: choose another new_name.");
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
            if (columns is not null)
            {
                info.Columns.Clear();
                info.Columns.Add(columns);
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = session.Identity.Name;
            var row = await transaction.UpdateAsync(Kind, table.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<TableInfo>(Present(info, catalog.Info.Name, schema.Info.Name, row.Version, false, false, false), Kind, table.Id,
                $"full_name={schema.Securable.FullName}.{info.Name}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteTableRequest request, CancellationToken cancellationToken) =>
        calls.WriteAsync(caller, request.WorkspaceId, "table.delete", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.FullName, "full_name", cancellationToken);
            var table = await session.TableAsync(schema, name, "full_name", cancellationToken);
            RequireUse(session, catalog, schema);
            session.Require(table.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, table.Row, $"Table '{table.Securable.FullName}'");
            await CatalogRows.DeleteWithGrantsAsync(transaction, table.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, table.Id, "full_name=" + table.Securable.FullName);
        }, cancellationToken);

    /// <summary>USE_CATALOG on the catalog and USE_SCHEMA on the schema: what every call below a schema needs first.</summary>
    internal static void RequireUse(CatalogSession session, CatalogNode<CatalogInfo> catalog, CatalogNode<SchemaInfo> schema)
    {
        session.Require(catalog.Path, Privilege.UseCatalog);
        session.Require(schema.Path, Privilege.UseSchema);
    }

    private static TableInfo Present(TableInfo stored, string catalogName, string schemaName, long version, bool browseOnly, bool omitColumns, bool omitProperties)
    {
        var info = stored.Clone();
        info.CatalogName = catalogName;
        info.SchemaName = schemaName;
        info.FullName = $"{catalogName}.{schemaName}.{info.Name}";
        info.Version = version;
        info.BrowseOnly = browseOnly;
        if (omitColumns)
        {
            info.Columns.Clear();
        }
        if (omitProperties)
        {
            info.Properties.Clear();
        }
        return info;
    }
}
