using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>How the shared planner treats our resources' schemas: no perpetual diffs, replacement where declared.</summary>
public sealed class PlanningTests
{
    private static Value Set(params string[] elements) => new CollectionValue(elements.Select(e => Value.Of(e)).ToArray());

    private static ObjectValue Object(params (string Name, Value Value)[] attributes) =>
        new(attributes.ToDictionary(a => a.Name, a => a.Value));

    private static readonly ObjectValue NetworkState = Object(
        ("network_name", Value.Of("prod-network")),
        ("vpc_id", Value.Of("vpc-0a1b2c3d")),
        ("subnet_ids", Set("subnet-0a1b2c3d", "subnet-1a1b2c3d")),
        ("security_group_ids", Set("sg-0a1b2c3d")),
        ("network_id", Value.Of("n-1")),
        ("vpc_status", Value.Of("VALID")),
        ("creation_time", Value.Of(1700000000000L)));

    private static ObjectValue ConfigOf(ResourceDefinition resource, ObjectValue state) =>
        new(resource.Schema.Root.Attributes.ToDictionary(
            a => a.Name,
            a => a.Required || a.Optional ? state[a.Name] : Value.Null));

    [Fact]
    public void Subnets_in_another_order_plan_no_change()
    {
        var network = new NetworkResource();
        var config = ConfigOf(network, NetworkState).With("subnet_ids", Set("subnet-1a1b2c3d", "subnet-0a1b2c3d"));

        var plan = ResourcePlanner.Plan(network, NetworkState, config);

        Assert.Empty(plan.RequiresReplace);
        Assert.False(PlannedChange.Differs(network.Schema.Root, NetworkState, plan.Planned));
    }

    [Fact]
    public void Another_subnet_replaces_the_network()
    {
        var network = new NetworkResource();
        var config = ConfigOf(network, NetworkState).With("subnet_ids", Set("subnet-0a1b2c3d", "subnet-2a1b2c3d"));

        var plan = ResourcePlanner.Plan(network, NetworkState, config);

        Assert.Equal([AttributePath.Of("subnet_ids")], plan.RequiresReplace);
        Assert.Equal("n-1", ((StringValue)plan.Planned["network_id"]).Value);
    }

    [Fact]
    public void Imported_token_without_its_secret_plans_no_change()
    {
        var token = new TokenResource();
        var imported = Object(
            ("workspace_id", Value.Of(42L)), ("comment", Value.Of("ci")), ("lifetime_seconds", Value.Of(3600L)),
            ("token_id", Value.Of("t-1")), ("creation_time", Value.Of(1L)), ("expiry_time", Value.Of(3600001L)),
            ("token_value", Value.Null));

        var plan = ResourcePlanner.Plan(token, imported, ConfigOf(token, imported));

        Assert.Empty(plan.RequiresReplace);
        Assert.True(plan.Planned["token_value"].IsNull);
        Assert.False(PlannedChange.Differs(token.Schema.Root, imported, plan.Planned));
    }

    [Fact]
    public void Workspace_tags_change_in_place_and_status_becomes_unknown()
    {
        var workspace = new WorkspaceResource();
        var state = Object(
            ("workspace_name", Value.Of("prod")), ("aws_region", Value.Of("us-east-1")), ("credentials_id", Value.Of("c-1")),
            ("storage_configuration_id", Value.Of("s-1")), ("network_id", Value.Null),
            ("custom_tags", new ObjectValue(new Dictionary<string, Value> { ["team"] = Value.Of("a") })),
            ("workspace_id", Value.Of(7L)), ("workspace_url", Value.Of("http://x")), ("workspace_status", Value.Of("RUNNING")),
            ("deployment_name", Value.Of("prod")), ("creation_time", Value.Of(1L)), ("timeouts", Value.Null));
        var config = ConfigOf(workspace, state)
            .With("custom_tags", new ObjectValue(new Dictionary<string, Value> { ["team"] = Value.Of("b") }))
            .With("timeouts", Value.Null);

        var plan = ResourcePlanner.Plan(workspace, state, config);

        Assert.Empty(plan.RequiresReplace);
        Assert.True(plan.Planned["workspace_status"].IsUnknown);
        Assert.Equal(7m, ((NumberValue)plan.Planned["workspace_id"]).Value);
    }

    [Fact]
    public void Workspace_region_change_replaces()
    {
        var workspace = new WorkspaceResource();
        var state = Object(
            ("workspace_name", Value.Of("prod")), ("aws_region", Value.Of("us-east-1")), ("credentials_id", Value.Of("c-1")),
            ("storage_configuration_id", Value.Of("s-1")), ("network_id", Value.Null), ("custom_tags", Value.Null),
            ("workspace_id", Value.Of(7L)), ("workspace_url", Value.Of("http://x")), ("workspace_status", Value.Of("RUNNING")),
            ("deployment_name", Value.Of("prod")), ("creation_time", Value.Of(1L)), ("timeouts", Value.Null));
        var config = ConfigOf(workspace, state).With("aws_region", Value.Of("eu-west-1")).With("timeouts", Value.Null);

        var plan = ResourcePlanner.Plan(workspace, state, config);

        Assert.Equal([AttributePath.Of("aws_region")], plan.RequiresReplace);
    }
}
