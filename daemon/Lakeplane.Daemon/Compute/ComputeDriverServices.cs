using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Compute.Ec2;

namespace Lakeplane.Daemon.Compute;

/// <summary>Registers the compute driver LAKEPLANE_COMPUTE_DRIVER names.</summary>
public static class ComputeDriverServices
{
    public static IServiceCollection AddComputeDriver(this IServiceCollection services, IConfiguration configuration)
    {
        // Resolved now, not on first use: a bad setting must stop lakeplaned before it listens.
        var clusters = ClusterSettings.Resolve(configuration);
        if (clusters.ComputeDriver == "ec2")
        {
            services.AddSingleton(Ec2DriverSettings.Resolve(configuration));
            services.AddSingleton<AssumedRoleCredentials>();
            services.AddSingleton<IComputeDriver, Ec2ComputeDriver>();
        }
        else
        {
            services.AddSingleton<LocalComputeDriver>();
            services.AddSingleton<IComputeDriver>(provider => provider.GetRequiredService<LocalComputeDriver>());
            services.AddHostedService<NodeEndpointPublisher>();
        }
        return services;
    }
}
