using System.Net;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Pulumi.Hosting;

/// <summary>
/// Kestrel serving pulumirpc.ResourceProvider as cleartext HTTP/2 on 127.0.0.1 at a free port,
/// which is how the engine connects to every provider plugin. Built on the empty builder: no
/// configuration files, no console logger (stdout belongs to the port line alone).
/// </summary>
public static class PluginServer
{
    public static WebApplication Build(PulumiCatalog catalog, EngineLog log)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc(options =>
        {
            // The engine allows large states and schemas; the plugin must not be the one to refuse them.
            options.MaxReceiveMessageSize = 400 * 1024 * 1024;
            options.MaxSendMessageSize = 400 * 1024 * 1024;
        });
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton<ProviderSession>();
        builder.Services.AddSingleton<ProviderConfiguration>();
        builder.Services.AddSingleton<ResourceCheck>();
        builder.Services.AddSingleton<ResourceDiff>();
        builder.Services.AddSingleton<ResourceLifecycle>();
        builder.Services.AddSingleton<FunctionInvoke>();
        builder.Services.AddSingleton<ComponentConstruction>();

        var app = builder.Build();
        app.MapGrpcService<ProviderService>();
        return app;
    }

    /// <summary>The port Kestrel bound (port 0 picks a free one).</summary>
    public static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }
}
