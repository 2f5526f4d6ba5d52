using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// User-defined functions of a schema, the third kind of securable beside tables and volumes. Every call needs
/// USE_CATALOG and USE_SCHEMA on the parents; reading one EXECUTE (granted on it, or on its schema or catalog), creating
/// one CREATE_FUNCTION on the schema, changing its owner or deleting it MANAGE; owners and metastore admins hold them all.
/// A definition never changes: as in Unity Catalog, a function is replaced by deleting and creating it.
/// </summary>
public sealed class FunctionsService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.Function;

    public Task<FunctionInfo> CreateAsync(AuthenticatedPrincipal caller, CreateFunctionRequest request, CancellationToken cancellationToken)
    {
        var definition = FunctionDefinitions.Validate(request.FunctionInfo);
        return calls.WriteAsync(caller, request.WorkspaceId, "function.create", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(definition.CatalogName, "function_info.catalog_name", cancellationToken);
            var schema = await session.SchemaAsync(catalog, definition.SchemaName, "function_info.schema_name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(schema.Path, Privilege.CreateFunction);
            var scope = ObjectKinds.SchemaScope(schema.Id);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, scope, definition.Name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("function_info.name",
                    $"Function '{schema.Securable.FullName}.{definition.Name}' already exists: choose another name, or delete it first to change its definition.");
            }
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var function = definition.Clone();
            function.FunctionId = id;
            function.MetastoreId = session.MetastoreId;
            function.Owner = session.Identity.Name;
            function.CreatedAt = now;
            function.CreatedBy = session.Identity.Name;
            function.UpdatedAt = now;
            function.UpdatedBy = session.Identity.Name;
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, scope, function.Name, CatalogRows.Serialize(function), cancellationToken);
            return new MutationOutcome<FunctionInfo>(Present(function, catalog.Info.Name, schema.Info.Name, row.Version, false), Kind, id,
                $"full_name={schema.Securable.FullName}.{function.Name}");
        }, cancellationToken);
    }

    public Task<FunctionInfo> GetAsync(AuthenticatedPrincipal caller, GetFunctionRequest request, CancellationToken cancellationToken) =>
        calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.Name, "name", cancellationToken);
            var function = await session.FunctionAsync(schema, name, "name", cancellationToken);
            var executes = session.Holds(catalog.Path, Privilege.UseCatalog) && session.Holds(schema.Path, Privilege.UseSchema) && session.Holds(function.Path, Privilege.Execute);
            if (!executes && !(request.IncludeBrowse && session.MaySee(function.Path)))
            {
                TablesService.RequireUse(session, catalog, schema);
                session.Require(function.Path, Privilege.Execute);
            }
            return Present(function.Info, catalog.Info.Name, schema.Info.Name, function.Row.Version, !executes);
        }, cancellationToken);

    public Task<ListFunctionsResponse> ListAsync(AuthenticatedPrincipal caller, ListFunctionsRequest request, CancellationToken cancellationToken)
    {
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
            var schema = await session.SchemaAsync(catalog, schemaName, "schema_name", cancellationToken);
            var uses = session.Holds(catalog.Path, Privilege.UseCatalog) && session.Holds(schema.Path, Privilege.UseSchema);
            if (!uses && !(request.IncludeBrowse && session.MaySee(schema.Path)))
            {
                TablesService.RequireUse(session, catalog, schema);
            }
            var rows = await session.Reader.ListAsync(Kind, session.AccountId, ObjectKinds.SchemaScope(schema.Id), after, pageSize, cancellationToken);
            var response = new ListFunctionsResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await session.VisibleNodeAsync<FunctionInfo>(row, SecurableType.Function, schema.Securable.FullName + "." + row.Name, schema.Path, cancellationToken);
                var browseOnly = node is not null && !(uses && session.Holds(node.Path, Privilege.Execute));
                if (node is not null && (!browseOnly || request.IncludeBrowse))
                {
                    response.Functions.Add(Present(node.Info, catalogName, schemaName, row.Version, browseOnly));
                }
            }
            return response;
        }, cancellationToken);
    }

    public Task<FunctionInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateFunctionRequest request, CancellationToken cancellationToken) =>
        calls.WriteAsync(caller, request.WorkspaceId, "function.update", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.Name, "name", cancellationToken);
            var function = await session.FunctionAsync(schema, name, "name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(function.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, function.Row, $"Function '{function.Securable.FullName}'");
            var info = function.Info.Clone();
            if (request.HasOwner)
            {
                info.Owner = await CatalogValidation.OwnerAsync(session, request.Owner, cancellationToken);
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = session.Identity.Name;
            var row = await transaction.UpdateAsync(Kind, function.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<FunctionInfo>(Present(info, catalog.Info.Name, schema.Info.Name, row.Version, false), Kind, function.Id,
                $"full_name={function.Securable.FullName} owner={info.Owner}");
        }, cancellationToken);

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteFunctionRequest request, CancellationToken cancellationToken) =>
        calls.WriteAsync(caller, request.WorkspaceId, "function.delete", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.Name, "name", cancellationToken);
            var function = await session.FunctionAsync(schema, name, "name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(function.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, function.Row, $"Function '{function.Securable.FullName}'");
            await CatalogRows.DeleteWithGrantsAsync(transaction, function.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, function.Id, "full_name=" + function.Securable.FullName);
        }, cancellationToken);

    private static FunctionInfo Present(FunctionInfo stored, string catalogName, string schemaName, long version, bool browseOnly)
    {
        var info = stored.Clone();
        info.CatalogName = catalogName;
        info.SchemaName = schemaName;
        info.FullName = $"{catalogName}.{schemaName}.{info.Name}";
        info.Version = version;
        info.BrowseOnly = browseOnly;
        return info;
    }
}
