using System.Diagnostics;
using Grpc.Core;
using Lakeplane.Protos.GoPlugin;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>
/// The provider process as terraform meets it: the refusal when started by hand, the handshake,
/// mutual TLS, go-plugin's controller and stdio, and the RPCs terraform calls for features we do
/// not offer. A gRPC client plays terraform's part.
/// </summary>
public sealed class PluginProcessTests(SharedProviderProcess shared, ITestOutputHelper output) : IClassFixture<SharedProviderProcess>
{
    private Provider.ProviderClient Provider => shared.Process.Provider;

    [Fact]
    public async Task Started_by_hand_it_says_it_is_a_terraform_plugin_and_fails()
    {
        var start = new ProcessStartInfo(ProviderBinary.Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("TF_PLUGIN_MAGIC_COOKIE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Contains("plugin for Terraform", await stderr);
        Assert.Contains("not meant to be run by hand", await stderr);
    }

    [Fact]
    public void The_handshake_line_is_go_plugins_with_an_unpadded_certificate()
    {
        var line = shared.Process.HandshakeLine;
        output.WriteLine($"start → handshake: {shared.Process.StartToHandshake.TotalMilliseconds:F0} ms");

        Assert.Matches(@"^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$", line);
        Assert.DoesNotContain("=", line.Split('|')[5]);
    }

    [Fact]
    public async Task A_client_without_terraforms_certificate_is_refused()
    {
        using var impostor = TerraformClientCertificate.Create();
        using var channel = shared.Process.CreateChannel(impostor);
        var client = new Provider.ProviderClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMetadataAsync(new GetMetadata.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10)));

        // TLS 1.3 refuses a client certificate after the client has counted the handshake done and sent its request, so
        // the refusal reaches the client either while it connects (Unavailable) or as the request's stream failing
        // (Internal, seen under heavy load); either way no answer came back.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }

    [Fact]
    public async Task Metadata_and_schema_list_the_same_resources_and_data_sources()
    {
        var metadata = await Provider.GetMetadataAsync(new GetMetadata.Types.Request());
        var schema = await Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());

        Assert.Empty(schema.Diagnostics);
        Assert.NotNull(schema.Provider.Block);
        Assert.Equal(metadata.Resources.Select(r => r.TypeName).Order(), schema.ResourceSchemas.Keys.Order());
        Assert.Equal(metadata.DataSources.Select(d => d.TypeName).Order(), schema.DataSourceSchemas.Keys.Order());
        Assert.All(schema.ResourceSchemas.Keys, name => Assert.StartsWith("lakeplane_", name));
    }

    [Fact]
    public async Task Ten_concurrent_rpcs_like_terraform_sends_all_succeed()
    {
        var calls = Enumerable.Range(0, 40).Select(async i => i % 2 == 0
            ? (await Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request())).Diagnostics.Count
            : (await Provider.ValidateResourceConfigAsync(new ValidateResourceConfig.Types.Request { TypeName = "lakeplane_nothing" })).Diagnostics.Count);

        var diagnosticCounts = await Task.WhenAll(calls);

        Assert.Equal(20, diagnosticCounts.Count(c => c == 0));
        Assert.Equal(20, diagnosticCounts.Count(c => c == 1));
    }

    [Fact]
    public async Task An_unknown_resource_type_is_a_diagnostic_not_a_failed_rpc()
    {
        var response = await Provider.PlanResourceChangeAsync(new PlanResourceChange.Types.Request { TypeName = "lakeplane_nothing" });

        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Contains("lakeplane_nothing", diagnostic.Detail);
    }

    [Fact]
    public async Task Features_we_do_not_offer_get_answers_not_unimplemented()
    {
        var functions = await Provider.GetFunctionsAsync(new GetFunctions.Types.Request());
        Assert.Empty(functions.Functions);
        Assert.Empty(functions.Diagnostics);

        var move = await Provider.MoveResourceStateAsync(new MoveResourceState.Types.Request { SourceTypeName = "aws_vpc", TargetTypeName = "lakeplane_network" });
        Assert.Contains("import", Assert.Single(move.Diagnostics).Detail);

        var ephemeral = await Provider.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request { TypeName = "lakeplane_x" });
        Assert.Single(ephemeral.Diagnostics);

        var call = await Provider.CallFunctionAsync(new CallFunction.Types.Request { Name = "f" });
        Assert.Contains("\"f\"", call.Error.Text);
    }

    [Fact]
    public async Task Resource_calls_before_configure_say_the_provider_is_not_configured_and_keep_state()
    {
        var state = new DynamicValue { Msgpack = Google.Protobuf.ByteString.CopyFrom(0x80) }; // an empty object
        var schema = await Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());
        var anyResource = schema.ResourceSchemas.Keys.FirstOrDefault();
        if (anyResource is null)
        {
            return;
        }

        var read = await Provider.ReadResourceAsync(new ReadResource.Types.Request { TypeName = anyResource, CurrentState = state });

        Assert.Contains("not configured", Assert.Single(read.Diagnostics).Summary);
        Assert.Equal(state.Msgpack, read.NewState.Msgpack);
    }
}
