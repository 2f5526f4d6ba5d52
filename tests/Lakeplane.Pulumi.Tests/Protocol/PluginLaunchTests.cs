using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>The plugin started as the engine starts it: flags first, engine address last, the port alone on stdout.</summary>
public sealed class PluginLaunchTests
{
    [Fact]
    public async Task Serves_on_the_printed_port_and_prints_nothing_else()
    {
        await using var harness = await EngineHarness.StartAsync();

        var handshake = await harness.Provider.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = "127.0.0.1:1" });
        var info = await harness.Provider.GetPluginInfoAsync(new Empty());
        await harness.Provider.GetSchemaAsync(new GetSchemaRequest());

        Assert.True(handshake.AcceptSecrets && handshake.AcceptResources && handshake.AcceptOutputs);
        Assert.Equal("0.1.0", info.Version);
        Assert.Empty(harness.Plugin.StdoutAfterPort);
    }

    [Fact]
    public async Task Logs_through_the_engines_Log_service()
    {
        await using var harness = await EngineHarness.StartAsync();

        // A configuration still unknown in a preview is logged (debug) rather than failing.
        harness.Configure(Props.Of(("host", Props.Unknown), ("token", "t"), ("accountId", "acc")));

        Assert.Contains(harness.Engine.Logs, log => log.Message.Contains("not known yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_reachable_engine_logs_go_to_stderr_not_stdout()
    {
        await using var plugin = await PluginProcess.StartAsync("127.0.0.1:1");

        await plugin.Provider.ConfigureAsync(new ConfigureRequest { Args = Props.Of(("host", Props.Unknown)), AcceptSecrets = true });
        await Task.Delay(200);

        Assert.Contains("not known yet", plugin.Stderr, StringComparison.Ordinal);
        Assert.Empty(plugin.StdoutAfterPort);
    }

    [Fact]
    public async Task After_Cancel_operations_stop_as_cancelled_instead_of_running_on()
    {
        await using var harness = await EngineHarness.StartAsync();
        harness.Configure(Props.Of(("host", "http://127.0.0.1:1"), ("token", Props.Secret("t")), ("accountId", "acc")));

        await harness.Provider.CancelAsync(new Empty());
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await harness.Provider.CreateAsync(new CreateRequest
        {
            Urn = EngineHarness.Urn("lakeplane:index:StorageConfiguration", "s"),
            Type = "lakeplane:index:StorageConfiguration",
            Properties = Props.Of(("storageConfigurationName", "s"), ("bucketName", "lakeplane-cancel-test")),
        }));

        Assert.Equal(Grpc.Core.StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Unsupported_calls_answer_unimplemented()
    {
        await using var harness = await EngineHarness.StartAsync();

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await harness.Provider.GetMappingAsync(new GetMappingRequest { Key = "tf" }));

        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, error.StatusCode);
    }
}
