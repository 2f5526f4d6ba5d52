using Lakeplane.Daemon.Aws;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Storage;

/// <summary>The storage part of the daemon's wiring, so DaemonServer adds it in one line.</summary>
public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, DaemonSettings settings, IConfiguration configuration)
    {
        // Resolved now, not on first use: a bad LAKEPLANE_STS_ENDPOINT must stop lakeplaned before it listens.
        services.AddSingleton(RoleSessionSettings.Resolve(configuration));
        services.AddSingleton<RoleSessions>();
        services.AddSingleton<IStorageDriver>(provider => settings.Storage.Driver == "s3"
            ? new S3StorageDriver(settings.Storage, provider.GetRequiredService<RoleSessions>())
            : new LocalStorageDriver(Path.Combine(settings.DataDirectory, "storage"), createBuckets: !settings.Storage.LocalStrictBuckets));
        services.AddSingleton<IWorkspaceStorage, WorkspaceStorage>();
        services.AddSingleton<StorageValidator>();
        return services;
    }
}
