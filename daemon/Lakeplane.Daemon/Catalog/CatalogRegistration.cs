using Lakeplane.Daemon.Catalog.Rest;

namespace Lakeplane.Daemon.Catalog;

/// <summary>The catalog area's wiring, so the daemon's composition adds it with one line each for services and endpoints.
/// Needs an IPrincipalDirectory (the identity area's).</summary>
public static class CatalogRegistration
{
    public static IServiceCollection AddCatalog(this IServiceCollection services) => services
        .AddSingleton<CatalogSessions>()
        .AddSingleton<CatalogCalls>()
        .AddSingleton<MetastoresService>()
        .AddSingleton<MetastoreAssignmentsService>()
        .AddSingleton<CatalogsService>()
        .AddSingleton<SchemasService>()
        .AddSingleton<TablesService>()
        .AddSingleton<VolumesService>()
        .AddSingleton<FunctionsService>()
        .AddSingleton<StorageCredentialsService>()
        .AddSingleton<ExternalLocationsService>()
        .AddSingleton<GrantsService>();

    public static void MapCatalog(this WebApplication app)
    {
        app.MapGrpcService<CatalogGrpcService>();
        CatalogRestEndpoints.Map(app);
    }
}
