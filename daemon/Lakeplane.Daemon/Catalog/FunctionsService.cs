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
            var (catalog, schema, function, browseOnly) = await SchemaChildReads.GetAsync(
                session, request.Name, "name", Privilege.Execute, request.IncludeBrowse, session.FunctionAsync, cancellationToken);
            return Present(function.Info, catalog.Info.Name, schema.Info.Name, function.Row.Version, browseOnly);
        }, cancellationToken);

    public Task<ListFunctionsResponse> ListAsync(AuthenticatedPrincipal caller, ListFunctionsRequest request, CancellationToken cancellationToken)
    {
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (visible, next) = await SchemaChildReads.ListAsync<FunctionInfo>(
                session, Kind, SecurableType.Function, Privilege.Execute, catalogName, schemaName, after, pageSize, request.IncludeBrowse, cancellationToken);
            var response = new ListFunctionsResponse { NextPageToken = next };
            response.Functions.AddRange(visible.Select(child => Present(child.Node.Info, catalogName, schemaName, child.Node.Row.Version, child.BrowseOnly)));
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
