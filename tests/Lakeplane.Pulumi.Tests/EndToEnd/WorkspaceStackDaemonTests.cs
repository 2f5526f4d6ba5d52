using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.EndToEnd;

/// <summary>
/// WorkspaceStack end to end: the AWS side faked by the mock monitor, the Lakeplane side really
/// created in a lakeplaned through the plugin (Check then Create, as the engine would), so the
/// component's wiring is proven against the real resources' rules.
/// </summary>
public sealed class WorkspaceStackDaemonTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task The_stack_creates_a_running_workspace_on_real_lakeplane_objects()
    {
        var provider = fixture.Harness.Provider;
        var created = new ConcurrentStack<(string Type, string Id, Struct State)>();
        async Task<(string, Struct)> CreateThroughPlugin(RegisterResourceRequest registration)
        {
            var urn = EngineHarness.Urn(registration.Type, registration.Name);
            var check = await provider.CheckAsync(new CheckRequest { Urn = urn, Type = registration.Type, Name = registration.Name, News = registration.Object });
            Assert.True(check.Failures.Count == 0, $"{registration.Type}: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
            var response = await provider.CreateAsync(new CreateRequest { Urn = urn, Type = registration.Type, Name = registration.Name, Properties = check.Inputs });
            created.Push((registration.Type, response.Id, response.Properties));
            return (response.Id, response.Properties);
        }
        var monitor = new MockResourceMonitor(dryRun: false, CreateThroughPlugin);
        await using var monitorServer = await GrpcTestServer.StartAsync(monitor);

        var response = await provider.ConstructAsync(new ConstructRequest
        {
            Project = MockResourceMonitor.Project,
            Stack = MockResourceMonitor.Stack,
            MonitorEndpoint = monitorServer.Address,
            Type = "lakeplane:aws:WorkspaceStack",
            Name = "stack-e2e",
            Inputs = Props.Of(("name", "stack-e2e"), ("region", "eu-west-1"), ("vpcCidr", "10.30.0.0/16"), ("availabilityZones", new[] { "eu-west-1a", "eu-west-1b" })),
        });

        var workspaceId = response.State.Fields["workspaceId"].NumberValue;
        var found = await provider.InvokeAsync(new InvokeRequest { Tok = "lakeplane:index:getWorkspace", Args = Props.Of(("workspaceId", workspaceId)) });
        Assert.Empty(found.Failures);
        Assert.Equal("stack-e2e", found.Return.Fields["workspaceName"].StringValue);
        Assert.Equal("RUNNING", found.Return.Fields["workspaceStatus"].StringValue);
        Assert.Equal(response.State.Fields["workspaceUrl"].StringValue, found.Return.Fields["workspaceUrl"].StringValue);
        var credentials = created.Single(c => c.Type == "lakeplane:index:Credentials");
        Assert.Equal(fixture.Daemon.AccountId, credentials.State.Fields["externalId"].StringValue);
        Assert.Equal(credentials.Id, found.Return.Fields["credentialsId"].StringValue);

        // destroy, children before what they stand on, as the engine orders it
        foreach (var (type, id, state) in created)
        {
            await provider.DeleteAsync(new DeleteRequest { Id = id, Urn = EngineHarness.Urn(type, id), Type = type, Properties = state });
        }
    }
}
