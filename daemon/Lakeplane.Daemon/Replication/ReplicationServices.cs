namespace Lakeplane.Daemon.Replication;

/// <summary>The replica machinery's part of the daemon's wiring: identity, directory, loop leases and their keeper.</summary>
public static class ReplicationServices
{
    public static IServiceCollection AddReplication(this IServiceCollection services)
    {
        services.AddSingleton(_ => ReplicationSettings.FromEnvironment());
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<ReplicaDirectory>();
        services.AddSingleton<LoopLeases>();
        services.AddHostedService<LeaseKeeper>();
        services.AddSingleton<ReplicaStatus>();
        return services;
    }
}
