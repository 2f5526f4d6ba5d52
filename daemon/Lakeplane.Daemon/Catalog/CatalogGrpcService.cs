using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>The gRPC mapping of the catalog services: authentication and translation only; the services decide.</summary>
public sealed class CatalogGrpcService(
    Authenticator authenticator,
    MetastoresService metastores,
    MetastoreAssignmentsService assignments,
    CatalogsService catalogs,
    SchemasService schemas,
    TablesService tables,
    VolumesService volumes,
    FunctionsService functions,
    StorageCredentialsService storageCredentials,
    ExternalLocationsService externalLocations,
    GrantsService grants) : CatalogService.CatalogServiceBase
{
    public override async Task<MetastoreInfo> CreateMetastore(CreateMetastoreRequest request, ServerCallContext context) =>
        await metastores.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<MetastoreInfo> GetMetastore(GetMetastoreRequest request, ServerCallContext context) =>
        await metastores.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListMetastoresResponse> ListMetastores(ListMetastoresRequest request, ServerCallContext context) =>
        await metastores.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<MetastoreInfo> UpdateMetastore(UpdateMetastoreRequest request, ServerCallContext context) =>
        await metastores.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteMetastore(DeleteMetastoreRequest request, ServerCallContext context) =>
        await metastores.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<MetastoreAssignment> AssignMetastore(AssignMetastoreRequest request, ServerCallContext context) =>
        await assignments.AssignAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<MetastoreAssignment> GetMetastoreAssignment(GetMetastoreAssignmentRequest request, ServerCallContext context) =>
        await assignments.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> UnassignMetastore(UnassignMetastoreRequest request, ServerCallContext context) =>
        await assignments.UnassignAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<CatalogInfo> CreateCatalog(CreateCatalogRequest request, ServerCallContext context) =>
        await catalogs.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<CatalogInfo> GetCatalog(GetCatalogRequest request, ServerCallContext context) =>
        await catalogs.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListCatalogsResponse> ListCatalogs(ListCatalogsRequest request, ServerCallContext context) =>
        await catalogs.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<CatalogInfo> UpdateCatalog(UpdateCatalogRequest request, ServerCallContext context) =>
        await catalogs.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteCatalog(DeleteCatalogRequest request, ServerCallContext context) =>
        await catalogs.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<SchemaInfo> CreateSchema(CreateSchemaRequest request, ServerCallContext context) =>
        await schemas.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<SchemaInfo> GetSchema(GetSchemaRequest request, ServerCallContext context) =>
        await schemas.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListSchemasResponse> ListSchemas(ListSchemasRequest request, ServerCallContext context) =>
        await schemas.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<SchemaInfo> UpdateSchema(UpdateSchemaRequest request, ServerCallContext context) =>
        await schemas.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteSchema(DeleteSchemaRequest request, ServerCallContext context) =>
        await schemas.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<TableInfo> CreateTable(CreateTableRequest request, ServerCallContext context) =>
        await tables.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<TableInfo> GetTable(GetTableRequest request, ServerCallContext context) =>
        await tables.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListTablesResponse> ListTables(ListTablesRequest request, ServerCallContext context) =>
        await tables.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<TableInfo> UpdateTable(UpdateTableRequest request, ServerCallContext context) =>
        await tables.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteTable(DeleteTableRequest request, ServerCallContext context) =>
        await tables.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<VolumeInfo> CreateVolume(CreateVolumeRequest request, ServerCallContext context) =>
        await volumes.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<VolumeInfo> GetVolume(GetVolumeRequest request, ServerCallContext context) =>
        await volumes.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListVolumesResponse> ListVolumes(ListVolumesRequest request, ServerCallContext context) =>
        await volumes.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<VolumeInfo> UpdateVolume(UpdateVolumeRequest request, ServerCallContext context) =>
        await volumes.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteVolume(DeleteVolumeRequest request, ServerCallContext context) =>
        await volumes.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<FunctionInfo> CreateFunction(CreateFunctionRequest request, ServerCallContext context) =>
        await functions.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<FunctionInfo> GetFunction(GetFunctionRequest request, ServerCallContext context) =>
        await functions.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListFunctionsResponse> ListFunctions(ListFunctionsRequest request, ServerCallContext context) =>
        await functions.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<FunctionInfo> UpdateFunction(UpdateFunctionRequest request, ServerCallContext context) =>
        await functions.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteFunction(DeleteFunctionRequest request, ServerCallContext context) =>
        await functions.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<StorageCredentialInfo> CreateStorageCredential(CreateStorageCredentialRequest request, ServerCallContext context) =>
        await storageCredentials.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<StorageCredentialInfo> GetStorageCredential(GetStorageCredentialRequest request, ServerCallContext context) =>
        await storageCredentials.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListStorageCredentialsResponse> ListStorageCredentials(ListStorageCredentialsRequest request, ServerCallContext context) =>
        await storageCredentials.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<StorageCredentialInfo> UpdateStorageCredential(UpdateStorageCredentialRequest request, ServerCallContext context) =>
        await storageCredentials.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteStorageCredential(DeleteStorageCredentialRequest request, ServerCallContext context) =>
        await storageCredentials.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ExternalLocationInfo> CreateExternalLocation(CreateExternalLocationRequest request, ServerCallContext context) =>
        await externalLocations.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ExternalLocationInfo> GetExternalLocation(GetExternalLocationRequest request, ServerCallContext context) =>
        await externalLocations.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListExternalLocationsResponse> ListExternalLocations(ListExternalLocationsRequest request, ServerCallContext context) =>
        await externalLocations.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ExternalLocationInfo> UpdateExternalLocation(UpdateExternalLocationRequest request, ServerCallContext context) =>
        await externalLocations.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteExternalLocation(DeleteExternalLocationRequest request, ServerCallContext context) =>
        await externalLocations.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<PermissionsList> GetPermissions(GetPermissionsRequest request, ServerCallContext context) =>
        await grants.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<PermissionsList> UpdatePermissions(UpdatePermissionsRequest request, ServerCallContext context) =>
        await grants.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<EffectivePermissionsList> GetEffectivePermissions(GetEffectivePermissionsRequest request, ServerCallContext context) =>
        await grants.GetEffectiveAsync(await CallerAsync(context), request, context.CancellationToken);

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
