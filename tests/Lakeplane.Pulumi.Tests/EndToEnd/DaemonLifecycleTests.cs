using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.EndToEnd;

/// <summary>
/// The plugin against a real lakeplaned, driven as the engine drives it through `pulumi up`,
/// `refresh`, `import` and `destroy`: what it creates exists, reads settle without a diff,
/// in-place changes update, an id alone imports, and deletes remove.
/// </summary>
public sealed class DaemonLifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private ResourceProvider.ResourceProviderClient Provider => fixture.Harness.Provider;

    private static Struct NetworkInputs(string name, params string[] subnets) => Props.Of(
        ("networkName", name),
        ("vpcId", "vpc-0a1b2c3d4e5f60718"),
        ("subnetIds", subnets.Length > 0 ? subnets : new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
        ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" }));

    [Fact]
    public async Task A_network_is_created_refreshed_without_diff_imported_by_id_and_deleted()
    {
        var steps = new EngineSteps(Provider, "lakeplane:index:Network", "net");
        var inputs = NetworkInputs("pulumi-e2e-network", "subnet-1a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718");

        var (id, state, preview) = await steps.CreateAsync(inputs);

        Assert.Equal(Props.Unknown, preview.Fields["networkId"]);
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, state.Fields["networkId"].StringValue);
        Assert.NotEqual(Props.Unknown, state.Fields["vpcStatus"]);

        var refreshed = await steps.ReadAsync(id, state, inputs);
        Assert.Equal(id, refreshed.Id);
        var diff = await steps.DiffAsync(id, refreshed.Properties, inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);

        var replaced = await steps.DiffAsync(id, refreshed.Properties, NetworkInputs("pulumi-e2e-network-2"));
        Assert.Equal(["networkName"], replaced.Replaces);

        var imported = await steps.ReadAsync(id);
        Assert.Equal(id, imported.Id);
        Assert.Equal("pulumi-e2e-network", imported.Inputs.Fields["networkName"].StringValue);
        Assert.Equal(2, imported.Inputs.Fields["subnetIds"].ListValue.Values.Count);
        Assert.False(imported.Inputs.Fields.ContainsKey("networkId"));
        var importDiff = await steps.DiffAsync(id, imported.Properties, imported.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, importDiff.Changes);

        await steps.DeleteAsync(id, refreshed.Properties);
        var gone = await steps.ReadAsync(id, refreshed.Properties, inputs);
        Assert.Equal("", gone.Id);
    }

    [Fact]
    public async Task A_workspace_on_its_dependencies_is_created_updated_in_place_imported_and_deleted()
    {
        var credentials = new EngineSteps(Provider, "lakeplane:index:Credentials", "cred");
        var storage = new EngineSteps(Provider, "lakeplane:index:StorageConfiguration", "storage");
        var network = new EngineSteps(Provider, "lakeplane:index:Network", "net");
        var (credentialsId, credentialsState, _) = await credentials.CreateAsync(Props.Of(
            ("credentialsName", "pulumi-e2e-credentials"), ("roleArn", "arn:aws:iam::123456789012:role/pulumi-e2e")));
        var (storageId, storageState, _) = await storage.CreateAsync(Props.Of(
            ("storageConfigurationName", "pulumi-e2e-storage"), ("bucketName", "pulumi-e2e-rootbucket")));
        var (networkId, networkState, _) = await network.CreateAsync(NetworkInputs("pulumi-e2e-ws-network"));
        Assert.Equal(fixture.Daemon.AccountId, credentialsState.Fields["externalId"].StringValue);

        var workspace = new EngineSteps(Provider, "lakeplane:index:Workspace", "ws");
        var inputs = Props.Of(
            ("workspaceName", "pulumi-e2e-workspace"), ("awsRegion", "us-east-1"),
            ("credentialsId", credentialsId), ("storageConfigurationId", storageId), ("networkId", networkId),
            ("customTags", Props.Of(("team", "platform"))));
        var (workspaceId, state, preview) = await workspace.CreateAsync(inputs);

        Assert.Equal(Props.Unknown, preview.Fields["workspaceId"]);
        Assert.Equal(workspaceId, ((long)state.Fields["workspaceId"].NumberValue).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("RUNNING", state.Fields["workspaceStatus"].StringValue);
        Assert.False(string.IsNullOrEmpty(state.Fields["workspaceUrl"].StringValue));

        var retagged = inputs.Clone();
        retagged.Fields["customTags"] = Props.ToValue(Props.Of(("team", "platform"), ("env", "e2e")));
        var diff = await workspace.DiffAsync(workspaceId, state, retagged, inputs);
        Assert.Equal(["customTags"], diff.Diffs);
        Assert.Empty(diff.Replaces);
        var updatePreview = await workspace.UpdateAsync(workspaceId, state, retagged, preview: true);
        Assert.Equal(state.Fields["workspaceUrl"], updatePreview.Fields["workspaceUrl"]);
        var updated = await workspace.UpdateAsync(workspaceId, state, retagged);
        Assert.Equal("e2e", updated.Fields["customTags"].StructValue.Fields["env"].StringValue);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, (await workspace.DiffAsync(workspaceId, updated, retagged)).Changes);

        var found = await Provider.InvokeAsync(new InvokeRequest { Tok = "lakeplane:index:getWorkspace", Args = Props.Of(("workspaceId", double.Parse(workspaceId, System.Globalization.CultureInfo.InvariantCulture))) });
        Assert.Empty(found.Failures);
        Assert.Equal("pulumi-e2e-workspace", found.Return.Fields["workspaceName"].StringValue);

        var imported = await workspace.ReadAsync(workspaceId);
        Assert.Equal(workspaceId, imported.Id);
        Assert.Equal(credentialsId, imported.Inputs.Fields["credentialsId"].StringValue);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, (await workspace.DiffAsync(workspaceId, imported.Properties, imported.Inputs)).Changes);

        await workspace.DeleteAsync(workspaceId, updated);
        Assert.Equal("", (await workspace.ReadAsync(workspaceId, updated, retagged)).Id);
        await network.DeleteAsync(networkId, networkState);
        await storage.DeleteAsync(storageId, storageState);
        await credentials.DeleteAsync(credentialsId, credentialsState);
    }

    [Fact]
    public async Task Configured_from_the_LAKEPLANE_variables_alone_the_plugin_reaches_the_daemon()
    {
        await using var harness = await EngineHarness.StartAsync(fixture.Daemon.Environment.ToDictionary());
        harness.Configure(Props.Of());

        var user = await harness.Provider.InvokeAsync(new InvokeRequest { Tok = "lakeplane:index:getCurrentUser", Args = Props.Of() });

        Assert.Empty(user.Failures);
        Assert.Equal(fixture.Daemon.AccountId, user.Return.Fields["accountId"].StringValue);
    }

    [Fact]
    public async Task A_daemon_refusal_reaches_the_user_with_its_reason()
    {
        var steps = new EngineSteps(Provider, "lakeplane:index:StorageConfiguration", "dup");
        var inputs = Props.Of(("storageConfigurationName", "pulumi-e2e-duplicate"), ("bucketName", "pulumi-e2e-duplicate-bucket"));
        var (id, state, _) = await steps.CreateAsync(inputs);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => steps.CreateAsync(inputs));

        Assert.Contains("pulumi-e2e-duplicate", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Daemon.Token, error.Status.Detail, StringComparison.Ordinal);
        await steps.DeleteAsync(id, state);
    }

    [Fact]
    public async Task A_token_value_comes_back_as_a_secret()
    {
        var user = await Provider.InvokeAsync(new InvokeRequest { Tok = "lakeplane:index:getCurrentUser", Args = Props.Of() });
        Assert.Empty(user.Failures);
        Assert.False(string.IsNullOrEmpty(user.Return.Fields["userName"].StringValue));

        var credentials = new EngineSteps(Provider, "lakeplane:index:Credentials", "cred-t");
        var storage = new EngineSteps(Provider, "lakeplane:index:StorageConfiguration", "storage-t");
        var (credentialsId, _, _) = await credentials.CreateAsync(Props.Of(("credentialsName", "pulumi-e2e-token-credentials"), ("roleArn", "arn:aws:iam::123456789012:role/pulumi-e2e-token")));
        var (storageId, _, _) = await storage.CreateAsync(Props.Of(("storageConfigurationName", "pulumi-e2e-token-storage"), ("bucketName", "pulumi-e2e-token-rootbucket")));
        var (workspaceId, _, _) = await new EngineSteps(Provider, "lakeplane:index:Workspace", "ws-t").CreateAsync(Props.Of(
            ("workspaceName", "pulumi-e2e-token-workspace"), ("awsRegion", "us-east-1"), ("credentialsId", credentialsId), ("storageConfigurationId", storageId)));

        var (_, token, _) = await new EngineSteps(Provider, "lakeplane:index:Token", "token").CreateAsync(Props.Of(
            ("workspaceId", double.Parse(workspaceId, System.Globalization.CultureInfo.InvariantCulture)), ("comment", "pulumi e2e"), ("lifetimeSeconds", 3600)));

        Assert.True(Props.IsSecret(token.Fields["tokenValue"]));
        Assert.False(string.IsNullOrEmpty(Props.Unsecret(token.Fields["tokenValue"]).StringValue));
    }
}
