namespace Lakeplane.Daemon.Lineage;

/// <summary>The lineage area's wiring.</summary>
public static class LineageRegistration
{
    public static IServiceCollection AddLineage(this IServiceCollection services) => services
        .AddSingleton<LineageDatasetResolver>()
        .AddSingleton<LineageService>();

    public static void MapLineage(this WebApplication app) => LineageRestEndpoints.Map(app);
}
