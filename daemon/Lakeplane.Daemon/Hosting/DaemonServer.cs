using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Delta;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Files;
using Lakeplane.Daemon.Identity;
using Lakeplane.Daemon.Jobs;
using Lakeplane.Daemon.Lineage;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Provisioning;
using Lakeplane.Daemon.Replication;
using Lakeplane.Daemon.Rest;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;
using Lakeplane.Daemon.Web;
using Lakeplane.Daemon.WorkspaceFiles;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Console;

namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// Wires and runs the daemon: store migrated and account bootstrapped before the socket opens,
/// then Kestrel with gRPC, REST and health on one port, then the ready line on stdout.
/// </summary>
public static class DaemonServer
{
    public static async Task<int> RunAsync(DaemonSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var requested = ListenEndpoint.Parse(settings.Listen); // fail on a bad --listen before touching the store

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // stdout carries only what scripts read (where the env file is, the ready line); logs go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // Per-request lines from ASP.NET Core would drown the daemon's own.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // gRPC logs every status a service answers with ("Error status code 'NotFound' ... raised") at Information: a destroy
        // of an object already gone, or a refused bad input, read as the daemon's errors. They are the caller's answers; an
        // exception a service did not mean is still logged by the same category at Error.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        // One public port for REST (HTTP/1.1) and gRPC (h2c): see ProtocolDemultiplexer.
        builder.Services.AddSingleton<ProtocolDemultiplexer>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => services.GetRequiredService<ProtocolDemultiplexer>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ProtocolDemultiplexer.Http1EndPoint, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(ProtocolDemultiplexer.Http2EndPoint, listen => listen.Protocols = HttpProtocols.Http2);
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StoreFactory.Create(settings));
        services.AddSingleton<DaemonAddress>();
        services.AddSingleton<Bootstrapper>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<MutationRunner>();
        services.AddSingleton<CredentialsService>();
        services.AddSingleton<StorageConfigurationService>();
        services.AddSingleton<NetworkService>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<ServicePrincipalService>();
        services.AddSingleton<IPrincipalDirectory, PrincipalDirectory>();
        services.AddSingleton<AuditService>();
        services.AddCatalog();
        services.AddDelta();
        services.AddLineage();
        // Before the loops: hosted services stop in reverse order, so the keeper hands the leases back after the loops stopped.
        services.AddReplication();
        services.AddSingleton<ProvisioningSignal>();
        services.AddStorage(settings, builder.Configuration);
        services.AddSingleton<VolumeFilesService>();
        services.AddHostedService<WorkspaceProvisioner>();
        services.AddClusterManager(builder.Configuration);
        services.AddJobs();
        services.AddWebUi();
        services.AddWorkspaceFiles(builder.Configuration);
        services.AddGrpc(options => options.Interceptors.Add<GrpcErrorInterceptor>());
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, RestJsonContext.Default));

        await using var app = builder.Build();
        var store = app.Services.GetRequiredService<IStore>();
        await store.MigrateAsync(cancellationToken);
        await app.Services.EnsureMasterKeyAsync(cancellationToken);
        string? provisionalToken = null;
        var bootstrap = await app.Services.GetRequiredService<Bootstrapper>().EnsureAsync((accountId, token) =>
        {
            // The real port is known only after binding; the file is rewritten with it below.
            provisionalToken = token;
            EnvFile.Write(settings.DataDirectory, ListenEndpoint.ClientUrl(requested), accountId, token);
            return Task.CompletedTask;
        }, cancellationToken);
        if (provisionalToken is not null && bootstrap.NewAdminToken is null)
        {
            // Another replica bootstrapped the store first: the token written above was never valid.
            EnvFile.Write(settings.DataDirectory, ListenEndpoint.ClientUrl(requested), bootstrap.AccountId, null, forgetToken: true);
        }

        app.UseMiddleware<RestErrorMiddleware>();
        app.UseMiddleware<WorkspaceUrlRouting>();
        // Explicitly after the URL rewrite: routing must see /api/2.0/... for /w/{deployment}/api/2.0/...
        app.UseRouting();
        app.MapGrpcService<AccountGrpcService>();
        app.MapGrpcService<IdentityGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapHealthChecks("/healthz");
        AccountRestEndpoints.Map(app);
        IdentityRestEndpoints.Map(app);
        app.MapClusterManager();
        app.MapJobs();
        app.MapWorkspaceFiles();
        ScimRestEndpoints.Map(app);
        app.MapCatalog();
        app.MapDelta();
        app.MapLineage();
        FilesRestEndpoints.Map(app);
        ReplicasRestEndpoints.Map(app);
        app.MapWebUi();
        app.MapFallback("/api/{**path}", () => Results.Json(
            new RestError("ENDPOINT_NOT_FOUND", "No API at this path: see /api/2.0/accounts/{account_id}/workspaces and the other account API 2.0 paths."),
            RestJsonContext.Default.RestError, statusCode: StatusCodes.Status404NotFound));

        await app.StartAsync(cancellationToken);
        var baseUrl = ListenEndpoint.ClientUrl(app.Services.GetRequiredService<ProtocolDemultiplexer>().BoundEndPoint ?? throw new InvalidOperationException("Kestrel started without binding the listening socket."));
        app.Services.GetRequiredService<DaemonAddress>().BaseUrl = baseUrl;
        EnvFile.Write(settings.DataDirectory, baseUrl, bootstrap.AccountId, bootstrap.NewAdminToken);

        if (bootstrap.NewAdminToken is not null)
        {
            // The token goes only to the owner-only env file, never to stdout: output is often redirected to a log file
            // that others can read, or kept in a terminal's scrollback.
            Console.Out.WriteLine($"Created account {bootstrap.AccountId}. Its admin token is in {EnvFile.PathIn(settings.DataDirectory)} (mode 0600, readable only by you); it is not shown anywhere else.");
        }
        Console.Out.WriteLine($"To use it: source {EnvFile.PathIn(settings.DataDirectory)}");
        // Last: scripts wait for this line, and everything above has been printed by then.
        Console.Out.WriteLine($"lakeplaned listening on {baseUrl}");
        Console.Out.Flush();

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
