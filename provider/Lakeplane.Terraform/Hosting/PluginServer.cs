using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lakeplane.Protos.GoPlugin;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Terraform.GoPlugin;
using Lakeplane.Terraform.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Kestrel serving gRPC over HTTP/2 on loopback: the tfplugin6 provider service and go-plugin's
/// controller, stdio and broker services. With a client certificate from terraform it is
/// AutoMTLS (our fresh certificate, theirs required); without one, plain HTTP/2 as go-plugin does.
/// Built on the empty builder: no configuration files, no default services — start-up time is
/// this product's latency.
/// </summary>
public static class PluginServer
{
    /// <summary>Long enough for in-flight replies; well inside go-plugin's 2 s wait after Shutdown.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(800);

    public static WebApplication Build(PluginLaunch launch, X509Certificate2? serverCertificate, ProviderCatalog catalog, StdioForwarder stdio)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new HclogJsonLoggerProvider(HclogJsonLoggerProvider.LevelFromEnvironment()));
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<IHostLifetime, PluginLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        var tls = launch.ClientCertificatePem is null || serverCertificate is null ? null
            : new DeferredServerTls(serverCertificate, new ClientCertificatePolicy(launch.ClientCertificatePem));
        if (tls is not null)
        {
            builder.Services.AddSingleton(tls);
        }
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // terraform runs ~10 RPCs at once on one connection; leave plenty of headroom.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (tls is not null)
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = _ => ValueTask.FromResult(tls.Options),
                        HandshakeTimeout = TimeSpan.FromSeconds(10),
                    });
                }
            });
        });

        builder.Services.AddRouting();
        builder.Services.AddGrpc(options =>
        {
            // terraform itself accepts up to 64 MiB; a large state or schema must not fail here first.
            options.MaxReceiveMessageSize = 64 * 1024 * 1024;
            options.MaxSendMessageSize = 64 * 1024 * 1024;
            options.EnableDetailedErrors = false;
        });
        builder.Services.WithoutReflectionBinding()
            .AddDirectServiceMethods<ProviderService>(Provider.AddMethods)
            .AddDirectServiceMethods<ControllerService>(GRPCController.AddMethods)
            .AddDirectServiceMethods<StdioService>(GRPCStdio.AddMethods)
            .AddDirectServiceMethods<BrokerService>(GRPCBroker.AddMethods);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(stdio);
        builder.Services.AddSingleton<ProviderSession>();
        builder.Services.AddSingleton<SchemaResponder>();
        builder.Services.AddSingleton<ConfigValidation>();
        builder.Services.AddSingleton<ProviderConfiguration>();
        builder.Services.AddSingleton<StateUpgrade>();
        builder.Services.AddSingleton<ResourceRead>();
        builder.Services.AddSingleton<ResourcePlan>();
        builder.Services.AddSingleton<ResourceApply>();
        builder.Services.AddSingleton<ResourceImport>();
        builder.Services.AddSingleton<DataSourceRead>();
        builder.Services.AddSingleton<EphemeralResourceLifecycle>();

        var app = builder.Build();
        app.MapGrpcService<ProviderService>();
        app.MapGrpcService<ControllerService>();
        app.MapGrpcService<StdioService>();
        app.MapGrpcService<BrokerService>();
        return app;
    }

    /// <summary>The loopback endpoint Kestrel bound (port 0 picks a free one).</summary>
    public static IPEndPoint BoundEndpoint(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var uri = new Uri(addresses.First());
        return new IPEndPoint(IPAddress.Loopback, uri.Port);
    }
}
