using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Storage;

/// <summary>The storage part of the daemon's wiring, so DaemonServer adds it in one line.</summary>
public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, DaemonSettings settings)
    {
        services.AddSingleton<IStorageDriver>(_ => settings.Storage.Driver == "s3"
            ? new S3StorageDriver(settings.Storage)
            : new LocalStorageDriver(Path.Combine(settings.DataDirectory, "storage"), createBuckets: !settings.Storage.LocalStrictBuckets));
        services.AddSingleton<IWorkspaceStorage, WorkspaceStorage>();
        services.AddSingleton<StorageValidator>();
        return services;
    }
}
