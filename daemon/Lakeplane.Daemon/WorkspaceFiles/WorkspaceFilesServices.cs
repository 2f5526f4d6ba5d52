using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.WorkspaceFiles.Encryption;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>Workspace files and notebooks in the daemon's wiring, so DaemonServer adds them in one line each.</summary>
public static class WorkspaceFilesServices
{
    /// <summary>An import of 10 MiB is ~13.4 MiB of base64 over REST and 10 MiB plus framing over gRPC; gRPC's 4 MiB default is too small.</summary>
    private const int MaxGrpcMessageBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddWorkspaceFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(provider => EncryptionSettings.Resolve(configuration, provider.GetRequiredService<DaemonSettings>()));
        services.AddSingleton(provider => MasterKey.LoadOrCreate(provider.GetRequiredService<EncryptionSettings>().MasterKeyFile));
        services.AddSingleton<MasterKeyCheck>();
        services.AddSingleton<MasterKeyWrapper>();
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<EncryptionSettings>();
            return new WorkspaceDataKeys(provider.GetRequiredService<Store.IStore>(), provider.GetRequiredService<MasterKeyWrapper>(),
                settings.KmsKeyId is null ? null : KmsDataKeyWrapper.Create(settings), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<WorkspaceFileBlobs>();
        services.AddSingleton<WorkspaceObjectService>();
        services.AddSingleton<IWorkspaceFileReader, WorkspaceFileReader>();
        services.AddGrpc().AddServiceOptions<WorkspaceObjectsGrpcService>(options => options.MaxReceiveMessageSize = MaxGrpcMessageBytes);
        return services;
    }

    /// <summary>Before serving: the master key is there (created on first start) and is this store's. Throws
    /// <see cref="StartupRefusedException"/> otherwise.</summary>
    public static Task EnsureMasterKeyAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<MasterKeyCheck>().EnsureAsync(cancellationToken);

    public static void MapWorkspaceFiles(this WebApplication app)
    {
        app.MapGrpcService<WorkspaceObjectsGrpcService>();
        WorkspaceRestEndpoints.Map(app);
    }
}
