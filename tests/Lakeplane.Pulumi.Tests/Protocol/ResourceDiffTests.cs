using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;
using Kind = Lakeplane.Protos.Pulumirpc.PropertyDiff.Types.Kind;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>
/// Diff: detailed per property with its kind; replacements only for known changes to
/// replace-forcing inputs; no diff from set order, server-computed values or secret wrapping.
/// </summary>
public sealed class ResourceDiffTests(HarnessFixture fixture) : IClassFixture<HarnessFixture>
{
    private const string NetworkType = "lakeplane:index:Network";
    private const string WorkspaceType = "lakeplane:index:Workspace";

    private ResourceProvider.ResourceProviderClient Provider => fixture.Harness.Provider;

    /// <summary>A network's state as the daemon returned it, subnets sorted its way.</summary>
    private static Struct NetworkState() => Props.Of(
        ("networkName", "prod-network"),
        ("vpcId", "vpc-0a1b2c3d4e5f60718"),
        ("subnetIds", new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
        ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" }),
        ("networkId", "net-1"),
        ("vpcStatus", "VALID"),
        ("creationTime", 1764000000000));

    private static Struct NetworkInputs(params (string Key, object? Value)[] overrides)
    {
        var inputs = Props.Of(
            ("networkName", "prod-network"),
            ("vpcId", "vpc-0a1b2c3d4e5f60718"),
            ("subnetIds", new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
            ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" }));
        foreach (var (key, value) in overrides)
        {
            inputs.Fields[key] = Props.ToValue(value);
        }
        return inputs;
    }

    private DiffResponse Diff(string type, Struct olds, Struct news) => Provider.Diff(new DiffRequest
    {
        Id = "id-1",
        Urn = EngineHarness.Urn(type, "it"),
        Type = type,
        Olds = olds,
        News = news,
        OldInputs = news,
    });

    [Fact]
    public void The_same_subnets_in_another_order_are_no_change()
    {
        var diff = Diff(NetworkType, NetworkState(), NetworkInputs(("subnetIds", new[] { "subnet-1a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718" })));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        Assert.Empty(diff.DetailedDiff);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public void A_known_change_to_a_replace_forcing_input_replaces_and_says_which()
    {
        var diff = Diff(NetworkType, NetworkState(), NetworkInputs(("vpcId", "vpc-ffffffffffffffff0")));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.True(diff.HasDetailedDiff);
        Assert.Equal(Kind.UpdateReplace, diff.DetailedDiff["vpcId"].Kind);
        Assert.Equal(["vpcId"], diff.Replaces);
        Assert.True(diff.DeleteBeforeReplace);
        Assert.Equal(["vpcId"], diff.DetailedDiff.Keys);
    }

    [Fact]
    public void An_unknown_value_for_a_replace_forcing_input_is_an_update_not_a_replacement()
    {
        var diff = Diff(NetworkType, NetworkState(), NetworkInputs(("vpcId", Props.Unknown)));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Equal(Kind.Update, diff.DetailedDiff["vpcId"].Kind);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public void Every_unknown_sentinel_counts_as_unknown()
    {
        foreach (var sentinel in Lakeplane.Pulumi.Values.PropertySentinels.Unknowns)
        {
            var diff = Diff(NetworkType, NetworkState(), NetworkInputs(("subnetIds", Value.ForString(sentinel))));

            Assert.Equal(Kind.Update, diff.DetailedDiff["subnetIds"].Kind);
            Assert.Empty(diff.Replaces);
        }
    }

    [Fact]
    public void A_value_wrapped_as_a_secret_or_an_output_is_no_change()
    {
        var diff = Diff(NetworkType, NetworkState(), NetworkInputs(
            ("networkName", Props.Secret("prod-network")),
            ("vpcId", Props.Output("vpc-0a1b2c3d4e5f60718", dependencies: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v"))));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
    }

    [Fact]
    public void Values_the_daemon_set_never_diff_and_in_place_changes_do_not_replace()
    {
        var state = Props.Of(
            ("workspaceName", "prod"), ("awsRegion", "eu-west-1"), ("credentialsId", "cred-1"), ("storageConfigurationId", "st-1"),
            ("networkId", null), ("customTags", Props.Of(("team", "data"))),
            ("workspaceId", 1234567890123456), ("workspaceUrl", "https://prod.example"), ("workspaceStatus", "RUNNING"),
            ("deploymentName", "prod"), ("creationTime", 1764000000000));
        var inputs = Props.Of(
            ("workspaceName", "prod"), ("awsRegion", "eu-west-1"), ("credentialsId", "cred-2"), ("storageConfigurationId", "st-1"),
            ("customTags", Props.Of(("team", Props.Secret("data")), ("env", "prod"))));

        var diff = Diff(WorkspaceType, state, inputs);

        Assert.Equal(["credentialsId", "customTags"], diff.Diffs.Order());
        Assert.Equal(["credentialsId", "customTags.env"], diff.DetailedDiff.Keys.Order());
        Assert.Equal(Kind.Update, diff.DetailedDiff["credentialsId"].Kind);
        Assert.Equal(Kind.Add, diff.DetailedDiff["customTags.env"].Kind);
        Assert.Empty(diff.Replaces);
        Assert.Contains("workspaceId", diff.Stables);
    }

    [Fact]
    public void Adding_and_removing_optional_inputs_say_so()
    {
        var state = Props.Of(
            ("workspaceName", "prod"), ("awsRegion", "eu-west-1"), ("credentialsId", "cred-1"), ("storageConfigurationId", "st-1"),
            ("customTags", Props.Of(("team", "data"))), ("workspaceId", 12), ("workspaceStatus", "RUNNING"));
        var inputs = Props.Of(
            ("workspaceName", "prod"), ("awsRegion", "eu-west-1"), ("credentialsId", "cred-1"), ("storageConfigurationId", "st-1"),
            ("networkId", "net-1"));

        var diff = Diff(WorkspaceType, state, inputs);

        Assert.Equal(Kind.Add, diff.DetailedDiff["networkId"].Kind);
        Assert.Equal(Kind.Delete, diff.DetailedDiff["customTags"].Kind);
    }

    private const string ClusterType = "lakeplane:index:Cluster";

    private static Struct ClusterState(string state, bool keepRunning) => Props.Of(
        ("workspaceId", 7), ("clusterName", "etl"), ("sparkVersion", "15.4.x-scala2.12"), ("nodeTypeId", "m5.large"),
        ("driverNodeTypeId", "m5.large"), ("numWorkers", 1), ("autoterminationMinutes", 60), ("keepRunning", keepRunning),
        ("clusterId", "1125-093000-ab12cd34"), ("state", state), ("stateMessage", ""), ("creatorUserName", "admin"),
        ("defaultTags", Props.Of(("Vendor", "Lakeplane"), ("ClusterName", "etl"))));

    private static Struct ClusterInputs(bool keepRunning, params (string Key, object? Value)[] overrides)
    {
        var inputs = Props.Of(
            ("workspaceId", 7), ("clusterName", "etl"), ("sparkVersion", "15.4.x-scala2.12"), ("nodeTypeId", "m5.large"),
            ("numWorkers", 1), ("keepRunning", keepRunning));
        foreach (var (key, value) in overrides)
        {
            inputs.Fields[key] = Props.ToValue(value);
        }
        return inputs;
    }

    [Fact]
    public void A_terminated_cluster_is_no_change_unless_keep_running_asks_for_it_to_run()
    {
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, Diff(ClusterType, ClusterState("TERMINATED", false), ClusterInputs(false)).Changes);

        var diff = Diff(ClusterType, ClusterState("TERMINATED", true), ClusterInputs(true));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Equal(["state"], diff.Diffs);
        Assert.Equal(Kind.Update, diff.DetailedDiff["state"].Kind);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public void A_running_cluster_resizes_and_changes_runtime_in_place_and_moves_workspace_by_replacement()
    {
        var resize = Diff(ClusterType, ClusterState("RUNNING", false), ClusterInputs(false, ("numWorkers", 2)));
        Assert.Equal(["numWorkers"], resize.Diffs);
        Assert.Empty(resize.Replaces);

        var runtime = Diff(ClusterType, ClusterState("RUNNING", false), ClusterInputs(false, ("sparkVersion", "16.4.x-scala2.12")));
        Assert.Equal(Kind.Update, runtime.DetailedDiff["sparkVersion"].Kind);
        Assert.Empty(runtime.Replaces);

        var moved = Diff(ClusterType, ClusterState("RUNNING", false), ClusterInputs(false, ("workspaceId", 8)));
        Assert.Equal(["workspaceId"], moved.Replaces);
    }

    [Fact]
    public void Create_in_a_preview_plans_computed_outputs_as_unknown_and_keeps_secrets()
    {
        var response = Provider.Create(new CreateRequest
        {
            Urn = EngineHarness.Urn(NetworkType, "net"),
            Type = NetworkType,
            Preview = true,
            Properties = NetworkInputs(("networkName", Props.Secret("prod-network"))),
        });

        Assert.Equal("", response.Id);
        Assert.Equal(Props.Unknown, response.Properties.Fields["networkId"]);
        Assert.Equal(Props.Unknown, response.Properties.Fields["vpcStatus"]);
        Assert.True(Props.IsSecret(response.Properties.Fields["networkName"]));
        Assert.Equal("vpc-0a1b2c3d4e5f60718", response.Properties.Fields["vpcId"].StringValue);
    }

    [Fact]
    public void Read_before_configure_says_the_provider_is_not_configured()
    {
        var error = Assert.Throws<Grpc.Core.RpcException>(() => Provider.Read(new ReadRequest
        {
            Id = "net-1",
            Urn = EngineHarness.Urn(NetworkType, "net"),
            Type = NetworkType,
        }));

        Assert.Contains("LAKEPLANE_HOST", error.Status.Detail, StringComparison.Ordinal);
    }
}
