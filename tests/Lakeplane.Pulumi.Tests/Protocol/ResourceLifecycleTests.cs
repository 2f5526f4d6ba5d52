using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Hosting;
using Lakeplane.Pulumi.Protocol;
using Lakeplane.Pulumi.Tests.Support;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>Create/Read/Update/Delete translation in-process, on a test double of a resource definition.</summary>
public sealed class ResourceLifecycleTests : IDisposable
{
    private readonly RecordingResourceDouble _gadget = new();
    private readonly EngineLog _log = new(null);
    private readonly ProviderSession _session;
    private readonly ResourceLifecycle _lifecycle;
    private readonly LakeplaneConnection _connection = new("http://127.0.0.1:1", "t", "acc");

    public ResourceLifecycleTests()
    {
        var catalog = new PulumiCatalog(new ObjectSchema(), (_, _) => null, [_gadget], [], []);
        _session = new ProviderSession(_log);
        _session.Configure(new ResourceContext(_connection, _ => { }), "acc", acceptSecrets: true);
        _lifecycle = new ResourceLifecycle(catalog, _session);
    }

    private static string Urn => EngineHarness.Urn(RecordingResourceDouble.TokenName, "g");

    private Task<CreateResponse> CreateAsync(Struct properties, double timeout = 0) =>
        _lifecycle.CreateAsync(new CreateRequest { Urn = Urn, Type = RecordingResourceDouble.TokenName, Properties = properties, Timeout = timeout }, CancellationToken.None);

    [Fact]
    public async Task Create_applies_defaults_keeps_secret_inputs_secret_and_returns_the_id()
    {
        var created = await CreateAsync(Props.Of(("gadgetName", "g1"), ("secretKey", Props.Secret("s3cr3t"))));

        Assert.Equal("g-1", created.Id);
        Assert.Equal(3, created.Properties.Fields["size"].NumberValue);
        Assert.True(Props.IsSecret(created.Properties.Fields["secretKey"]));
        Assert.False(Props.IsSecret(created.Properties.Fields["gadgetName"]));
        Assert.False(created.Properties.Fields.ContainsKey("timeouts"));
    }

    [Fact]
    public async Task Custom_timeouts_reach_the_resource_as_its_deadline_in_whole_seconds()
    {
        await CreateAsync(Props.Of(("gadgetName", "g1")), timeout: 90.5);

        Assert.Equal(TimeSpan.FromSeconds(91), _gadget.RequestedDeadlines.Single());
        Assert.False(_gadget.Planned.Single().Attributes.ContainsKey("timeouts"));
    }

    [Fact]
    public async Task Without_custom_timeouts_the_resource_keeps_its_default_deadline()
    {
        await CreateAsync(Props.Of(("gadgetName", "g1")));

        Assert.Null(_gadget.RequestedDeadlines.Single());
    }

    [Fact]
    public async Task An_object_left_half_made_is_reported_with_its_id_and_state_so_the_engine_keeps_it()
    {
        _gadget.FailAfterCreating = true;

        var failure = await Assert.ThrowsAsync<ProviderFailure>(() => CreateAsync(Props.Of(("gadgetName", "g1"))));

        var status = failure.Status.GetRpcStatus()!;
        var detail = status.Details.Single().Unpack<ErrorResourceInitFailed>();
        Assert.Equal("g-1", detail.Id);
        Assert.Equal("BROKEN", detail.Properties.Fields["status"].StringValue);
        Assert.Contains("never became READY", detail.Reasons.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_with_the_id_alone_imports_and_returns_the_inputs_that_reproduce_it()
    {
        await CreateAsync(Props.Of(("gadgetName", "g1"), ("secretKey", "k")));

        var imported = await _lifecycle.ReadAsync(new ReadRequest { Id = "g-1", Urn = Urn, Type = RecordingResourceDouble.TokenName }, CancellationToken.None);

        Assert.Equal(["g-1"], _gadget.Imported);
        Assert.Equal("g-1", imported.Id);
        Assert.Equal(["gadgetName", "secretKey"], imported.Inputs.Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_keeps_the_programs_inputs_and_a_vanished_object_reads_as_gone()
    {
        var created = await CreateAsync(Props.Of(("gadgetName", "g1"), ("size", 5)));
        var inputs = Props.Of(("gadgetName", "g1"), ("size", 5));

        var refreshed = await _lifecycle.ReadAsync(new ReadRequest { Id = created.Id, Urn = Urn, Type = RecordingResourceDouble.TokenName, Properties = created.Properties, Inputs = inputs }, CancellationToken.None);
        await _lifecycle.DeleteAsync(new DeleteRequest { Id = created.Id, Urn = Urn, Type = RecordingResourceDouble.TokenName, Properties = created.Properties }, CancellationToken.None);
        var gone = await _lifecycle.ReadAsync(new ReadRequest { Id = created.Id, Urn = Urn, Type = RecordingResourceDouble.TokenName, Properties = created.Properties, Inputs = inputs }, CancellationToken.None);

        Assert.Empty(_gadget.Imported);
        Assert.Equal(["gadgetName", "size"], refreshed.Inputs.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(gone.Id);
    }

    [Fact]
    public async Task Update_in_a_preview_plans_without_calling_the_resource()
    {
        var created = await CreateAsync(Props.Of(("gadgetName", "g1")));
        _gadget.Planned.Clear();

        var preview = await _lifecycle.UpdateAsync(new UpdateRequest
        {
            Id = created.Id, Urn = Urn, Type = RecordingResourceDouble.TokenName, Preview = true,
            Olds = created.Properties, News = Props.Of(("gadgetName", "g1"), ("secretKey", "new")),
        }, CancellationToken.None);

        Assert.Empty(_gadget.Planned);
        Assert.Equal("g-1", preview.Properties.Fields["gadgetId"].StringValue);
        Assert.Equal(Props.Unknown, preview.Properties.Fields["status"]);
    }

    [Fact]
    public async Task Create_without_a_configured_provider_says_what_to_set()
    {
        var unconfigured = new ResourceLifecycle(new PulumiCatalog(new ObjectSchema(), (_, _) => null, [_gadget], [], []), new ProviderSession(_log));

        var error = await Assert.ThrowsAsync<ResourceException>(() => unconfigured.CreateAsync(
            new CreateRequest { Urn = Urn, Type = RecordingResourceDouble.TokenName, Properties = Props.Of(("gadgetName", "g1")) }, CancellationToken.None));

        Assert.Contains("LAKEPLANE_TOKEN", error.Diagnostic.Detail, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _connection.Dispose();
        _log.Dispose();
    }
}
