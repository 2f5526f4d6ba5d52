namespace Lakeplane.Daemon.Delta;

/// <summary>The Delta area's wiring: the log reader (one per daemon: it holds the snapshot cache), the table view and history.</summary>
public static class DeltaRegistration
{
    public static IServiceCollection AddDelta(this IServiceCollection services) => services
        .AddSingleton<DeltaLogReader>()
        .AddSingleton<DeltaTableView>()
        .AddSingleton<DeltaHistory>()
        .AddSingleton<TableHistoryService>();

    public static void MapDelta(this WebApplication app) => DeltaRestEndpoints.Map(app);
}
