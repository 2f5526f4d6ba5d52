using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog.Rest;

/// <summary>
/// The Unity Catalog REST API 2.1 (/api/2.1/unity-catalog/...): UC's paths, JSON shapes and paging (max_results,
/// page_token → next_page_token), onto the same services as gRPC. Translation only: every decision is the services'.
/// Request ids travel in the Idempotency-Key header, expected versions in If-Match, as in the account API.
/// </summary>
public static class CatalogRestEndpoints
{
    public const string Prefix = "/api/2.1/unity-catalog";

    public static void Map(IEndpointRouteBuilder app)
    {
        var uc = app.MapGroup(Prefix);
        MapMetastores(uc);
        MapCatalogs(uc);
        MapSchemas(uc);
        MapTables(uc);
        MapVolumes(uc);
        MapFunctions(uc);
        MapStorageCredentials(uc);
        MapExternalLocations(uc);
        MapGrants(uc);
    }

    private static void MapMetastores(RouteGroupBuilder uc)
    {
        uc.MapPost("/metastores", async (HttpContext http, MetastoresService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateMetastoreRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/metastores", async (HttpContext http, MetastoresService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller,
                new ListMetastoresRequest { WorkspaceId = call.WorkspaceId, MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token") }, call.Aborted));
        });
        uc.MapGet("/metastores/{id}", async (HttpContext http, string id, MetastoresService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller, new GetMetastoreRequest { WorkspaceId = call.WorkspaceId, MetastoreId = id }, call.Aborted));
        });
        uc.MapPatch("/metastores/{id}", async (HttpContext http, string id, MetastoresService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdateMetastoreRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.MetastoreId = id;
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/metastores/{id}", async (HttpContext http, string id, MetastoresService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteMetastoreRequest
            {
                WorkspaceId = call.WorkspaceId, MetastoreId = id, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });

        // PUT assigns, PATCH re-assigns or changes default_catalog_name: both replace the workspace's assignment.
        async Task<IResult> Assign(HttpContext http, string workspace_id, MetastoreAssignmentsService service)
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<AssignMetastoreRequest>(http);
            request.WorkspaceId = CatalogRestRequest.WorkspaceIdOfPath(workspace_id);
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.AssignAsync(call.Caller, request, call.Aborted));
        }
        uc.MapPut("/workspaces/{workspace_id}/metastore", Assign);
        uc.MapPatch("/workspaces/{workspace_id}/metastore", Assign);
        uc.MapDelete("/workspaces/{workspace_id}/metastore", async (HttpContext http, string workspace_id, MetastoreAssignmentsService service) =>
        {
            var call = await CatalogRestRequest.OfAccountAsync(http);
            return UnityCatalogJson.Write(http, await service.UnassignAsync(call.Caller, new UnassignMetastoreRequest
            {
                WorkspaceId = CatalogRestRequest.WorkspaceIdOfPath(workspace_id), MetastoreId = call.Query("metastore_id"), RequestId = call.RequestId,
            }, call.Aborted));
        });
        uc.MapGet("/current-metastore-assignment", async (HttpContext http, MetastoreAssignmentsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller, new GetMetastoreAssignmentRequest { WorkspaceId = call.WorkspaceId }, call.Aborted));
        });
    }

    private static void MapCatalogs(RouteGroupBuilder uc)
    {
        uc.MapPost("/catalogs", async (HttpContext http, CatalogsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateCatalogRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/catalogs", async (HttpContext http, CatalogsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListCatalogsRequest
            {
                WorkspaceId = call.WorkspaceId, MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/catalogs/{name}", async (HttpContext http, string name, CatalogsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetCatalogRequest { WorkspaceId = call.WorkspaceId, Name = name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/catalogs/{name}", async (HttpContext http, string name, CatalogsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, keys) = await UnityCatalogJson.ReadAsync<UpdateCatalogRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.Name = name;
            request.UpdateProperties = keys.Contains("properties");
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/catalogs/{name}", async (HttpContext http, string name, CatalogsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteCatalogRequest
            {
                WorkspaceId = call.WorkspaceId, Name = name, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapSchemas(RouteGroupBuilder uc)
    {
        uc.MapPost("/schemas", async (HttpContext http, SchemasService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateSchemaRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/schemas", async (HttpContext http, SchemasService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListSchemasRequest
            {
                WorkspaceId = call.WorkspaceId, CatalogName = call.Query("catalog_name"), MaxResults = call.QueryInt("max_results"),
                PageToken = call.Query("page_token"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/schemas/{full_name}", async (HttpContext http, string full_name, SchemasService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetSchemaRequest { WorkspaceId = call.WorkspaceId, FullName = full_name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/schemas/{full_name}", async (HttpContext http, string full_name, SchemasService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, keys) = await UnityCatalogJson.ReadAsync<UpdateSchemaRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.FullName = full_name;
            request.UpdateProperties = keys.Contains("properties");
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/schemas/{full_name}", async (HttpContext http, string full_name, SchemasService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteSchemaRequest
            {
                WorkspaceId = call.WorkspaceId, FullName = full_name, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapTables(RouteGroupBuilder uc)
    {
        uc.MapPost("/tables", async (HttpContext http, TablesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateTableRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/tables", async (HttpContext http, TablesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListTablesRequest
            {
                WorkspaceId = call.WorkspaceId, CatalogName = call.Query("catalog_name"), SchemaName = call.Query("schema_name"),
                MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"), OmitColumns = call.QueryBool("omit_columns"),
                OmitProperties = call.QueryBool("omit_properties"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/tables/{full_name}", async (HttpContext http, string full_name, TablesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetTableRequest { WorkspaceId = call.WorkspaceId, FullName = full_name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/tables/{full_name}", async (HttpContext http, string full_name, TablesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, keys) = await UnityCatalogJson.ReadAsync<UpdateTableRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.FullName = full_name;
            request.UpdateProperties = keys.Contains("properties");
            request.UpdateColumns = keys.Contains("columns");
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/tables/{full_name}", async (HttpContext http, string full_name, TablesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteTableRequest
            {
                WorkspaceId = call.WorkspaceId, FullName = full_name, ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapVolumes(RouteGroupBuilder uc)
    {
        uc.MapPost("/volumes", async (HttpContext http, VolumesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateVolumeRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/volumes", async (HttpContext http, VolumesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListVolumesRequest
            {
                WorkspaceId = call.WorkspaceId, CatalogName = call.Query("catalog_name"), SchemaName = call.Query("schema_name"),
                MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/volumes/{name}", async (HttpContext http, string name, VolumesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetVolumeRequest { WorkspaceId = call.WorkspaceId, Name = name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/volumes/{name}", async (HttpContext http, string name, VolumesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdateVolumeRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.Name = name;
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/volumes/{name}", async (HttpContext http, string name, VolumesService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteVolumeRequest
            {
                WorkspaceId = call.WorkspaceId, Name = name, ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapFunctions(RouteGroupBuilder uc)
    {
        uc.MapPost("/functions", async (HttpContext http, FunctionsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateFunctionRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/functions", async (HttpContext http, FunctionsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListFunctionsRequest
            {
                WorkspaceId = call.WorkspaceId, CatalogName = call.Query("catalog_name"), SchemaName = call.Query("schema_name"),
                MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/functions/{name}", async (HttpContext http, string name, FunctionsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetFunctionRequest { WorkspaceId = call.WorkspaceId, Name = name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/functions/{name}", async (HttpContext http, string name, FunctionsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdateFunctionRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.Name = name;
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/functions/{name}", async (HttpContext http, string name, FunctionsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteFunctionRequest
            {
                WorkspaceId = call.WorkspaceId, Name = name, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapStorageCredentials(RouteGroupBuilder uc)
    {
        uc.MapPost("/storage-credentials", async (HttpContext http, StorageCredentialsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateStorageCredentialRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/storage-credentials", async (HttpContext http, StorageCredentialsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListStorageCredentialsRequest
            {
                WorkspaceId = call.WorkspaceId, MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"),
            }, call.Aborted));
        });
        uc.MapGet("/storage-credentials/{name}", async (HttpContext http, string name, StorageCredentialsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller, new GetStorageCredentialRequest { WorkspaceId = call.WorkspaceId, Name = name }, call.Aborted));
        });
        uc.MapPatch("/storage-credentials/{name}", async (HttpContext http, string name, StorageCredentialsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdateStorageCredentialRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.Name = name;
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/storage-credentials/{name}", async (HttpContext http, string name, StorageCredentialsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteStorageCredentialRequest
            {
                WorkspaceId = call.WorkspaceId, Name = name, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapExternalLocations(RouteGroupBuilder uc)
    {
        uc.MapPost("/external-locations", async (HttpContext http, ExternalLocationsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<CreateExternalLocationRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.CreateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/external-locations", async (HttpContext http, ExternalLocationsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.ListAsync(call.Caller, new ListExternalLocationsRequest
            {
                WorkspaceId = call.WorkspaceId, MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"), IncludeBrowse = call.QueryBool("include_browse"),
            }, call.Aborted));
        });
        uc.MapGet("/external-locations/{name}", async (HttpContext http, string name, ExternalLocationsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller,
                new GetExternalLocationRequest { WorkspaceId = call.WorkspaceId, Name = name, IncludeBrowse = call.QueryBool("include_browse") }, call.Aborted));
        });
        uc.MapPatch("/external-locations/{name}", async (HttpContext http, string name, ExternalLocationsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdateExternalLocationRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.Name = name;
            request.ExpectedVersion = call.ExpectedVersion;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapDelete("/external-locations/{name}", async (HttpContext http, string name, ExternalLocationsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.DeleteAsync(call.Caller, new DeleteExternalLocationRequest
            {
                WorkspaceId = call.WorkspaceId, Name = name, Force = call.QueryBool("force"), ExpectedVersion = call.ExpectedVersion, RequestId = call.RequestId,
            }, call.Aborted));
        });
    }

    private static void MapGrants(RouteGroupBuilder uc)
    {
        uc.MapGet("/permissions/{securable_type}/{full_name}", async (HttpContext http, string securable_type, string full_name, GrantsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller, new GetPermissionsRequest
            {
                WorkspaceId = call.WorkspaceId, SecurableType = securable_type, FullName = full_name, Principal = call.Query("principal"),
            }, call.Aborted));
        });
        uc.MapPatch("/permissions/{securable_type}/{full_name}", async (HttpContext http, string securable_type, string full_name, GrantsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var (request, _) = await UnityCatalogJson.ReadAsync<UpdatePermissionsRequest>(http);
            request.WorkspaceId = call.WorkspaceId;
            request.SecurableType = securable_type;
            request.FullName = full_name;
            request.RequestId = call.RequestId;
            return UnityCatalogJson.Write(http, await service.UpdateAsync(call.Caller, request, call.Aborted));
        });
        uc.MapGet("/effective-permissions/{securable_type}/{full_name}", async (HttpContext http, string securable_type, string full_name, GrantsService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            return UnityCatalogJson.Write(http, await service.GetEffectiveAsync(call.Caller, new GetEffectivePermissionsRequest
            {
                WorkspaceId = call.WorkspaceId, SecurableType = securable_type, FullName = full_name, Principal = call.Query("principal"),
            }, call.Aborted));
        });
    }
}
