using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// What the Pulumi engine provides a provider: its own Engine service (here recording logs),
/// and the plugin process started with the engine's address. Tests drive the plugin through
/// <see cref="Provider"/> in the engine's order: Handshake, GetPluginInfo, GetSchema,
/// CheckConfig, Configure, then resource calls.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly GrpcTestServer _engineServer;

    private EngineHarness(GrpcTestServer engineServer, RecordingEngine engine, PluginProcess plugin)
    {
        _engineServer = engineServer;
        Engine = engine;
        Plugin = plugin;
    }

    public RecordingEngine Engine { get; }

    public PluginProcess Plugin { get; }

    public ResourceProvider.ResourceProviderClient Provider => Plugin.Provider;

    public static async Task<EngineHarness> StartAsync(IDictionary<string, string>? environment = null)
    {
        var engine = new RecordingEngine();
        var server = await GrpcTestServer.StartAsync(engine);
        var plugin = await PluginProcess.StartAsync(server.Address, environment);
        return new EngineHarness(server, engine, plugin);
    }

    /// <summary>Configure as the engine does with the provider's config args (camelCase keys).</summary>
    public ConfigureResponse Configure(Struct args) =>
        Provider.Configure(new ConfigureRequest { Args = args, AcceptSecrets = true, AcceptResources = true });

    public static string Urn(string type, string name) => $"urn:pulumi:{MockResourceMonitor.Stack}::{MockResourceMonitor.Project}::{type}::{name}";

    public async ValueTask DisposeAsync()
    {
        await Plugin.DisposeAsync();
        await _engineServer.DisposeAsync();
    }
}
