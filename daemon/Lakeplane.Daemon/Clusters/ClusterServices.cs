using Lakeplane.Daemon.Compute;

namespace Lakeplane.Daemon.Clusters;

/// <summary>The cluster manager's part of the daemon's wiring, so DaemonServer adds it in one line.</summary>
public static class ClusterServices
{
    public static IServiceCollection AddClusterManager(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => ClusterSettings.Resolve(configuration));
        services.AddSingleton<ClusterValidation>();
        services.AddSingleton<NodeHeartbeats>();
        services.AddSingleton<ClusterSignal>();
        services.AddSingleton<Autoscaler>(provider => new Autoscaler(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ClusterSettings>()));
        services.AddSingleton<IComputeTargets, StoreComputeTargets>();
        services.AddComputeDriver(configuration);
        services.AddSingleton<ClusterService>();
        services.AddHostedService<ClusterReconciler>();
        return services;
    }

    public static void MapClusterManager(this WebApplication app)
    {
        app.MapGrpcService<ClustersGrpcService>();
        ClustersRestEndpoints.Map(app);
        NodeAgentEndpoints.Map(app);
    }
}
