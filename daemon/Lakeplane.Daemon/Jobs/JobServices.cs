namespace Lakeplane.Daemon.Jobs;

/// <summary>The job scheduler's part of the daemon's wiring, so DaemonServer adds it in one line.</summary>
public static class JobServices
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton(_ => JobSettingsOptions.FromEnvironment());
        services.AddSingleton<JobValidation>();
        services.AddSingleton<JobSignals>();
        services.AddSingleton<NodeTaskSignals>();
        services.AddSingleton<RunOutputs>();
        services.AddSingleton<JobService>();
        // Renewed by the replica machinery's LeaseKeeper with the other loops' leases.
        services.AddSingleton(provider => new JobLeadership(
            provider.GetRequiredService<Replication.LoopLeases>().Jobs, provider.GetRequiredService<JobSignals>(), provider.GetRequiredService<ILogger<JobLeadership>>()));
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<JobScheduler>());
        services.AddHostedService<RunOrchestrator>();
        return services;
    }

    public static void MapJobs(this WebApplication app)
    {
        app.MapGrpcService<JobsGrpcService>();
        JobsRestEndpoints.Map(app);
        NodeTaskEndpoints.Map(app);
    }
}
