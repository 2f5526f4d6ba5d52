using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Planning;

/// <summary>The checks both adapters run before planning: each finding names its attribute.</summary>
public sealed class ConfigValidatorTests
{
    private static readonly NetworkResource Network = new();

    private static ObjectValue NetworkConfig(params (string Name, Value Value)[] overrides)
    {
        var values = new Dictionary<string, Value>
        {
            ["network_name"] = Value.Of("prod-network"),
            ["vpc_id"] = Value.Of("vpc-0a1b2c3d"),
            ["subnet_ids"] = new CollectionValue([Value.Of("subnet-0a1b2c3d"), Value.Of("subnet-1a1b2c3d")]),
            ["security_group_ids"] = new CollectionValue([Value.Of("sg-0a1b2c3d")]),
            ["network_id"] = Value.Null,
            ["vpc_status"] = Value.Null,
            ["creation_time"] = Value.Null,
        };
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }
        return new ObjectValue(values);
    }

    private static Diagnostics Validate(ObjectValue config)
    {
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(Network.Schema.Root, config, diagnostics);
        return diagnostics;
    }

    [Fact]
    public void A_valid_configuration_has_no_findings() => Assert.Empty(Validate(NetworkConfig()).Items);

    [Fact]
    public void A_missing_required_argument_is_named()
    {
        var finding = Assert.Single(Validate(NetworkConfig(("vpc_id", Value.Null))).Items);
        Assert.Equal(AttributePath.Of("vpc_id"), finding.Path);
        Assert.Contains("vpc_id", finding.Detail);
    }

    [Fact]
    public void A_computed_attribute_in_the_configuration_is_rejected()
    {
        var finding = Assert.Single(Validate(NetworkConfig(("network_id", Value.Of("n-1")))).Items);
        Assert.Equal(AttributePath.Of("network_id"), finding.Path);
        Assert.Contains("Remove it", finding.Detail);
    }

    [Fact]
    public void Validators_run_on_known_values_and_name_the_attribute()
    {
        var findings = Validate(NetworkConfig(("network_name", Value.Of("abc")), ("subnet_ids", new CollectionValue([Value.Of("subnet-0a1b2c3d")]))));
        Assert.Contains(findings.Items, d => d.Path == AttributePath.Of("network_name"));
        Assert.Contains(findings.Items, d => d.Path == AttributePath.Of("subnet_ids"));
    }

    [Fact]
    public void Unknown_values_wait_until_they_are_known()
    {
        Assert.Empty(Validate(NetworkConfig(("network_name", Value.Unknown), ("subnet_ids", Value.Unknown))).Items);
    }

    [Fact]
    public void A_create_plans_every_unset_computed_attribute_as_unknown()
    {
        var plan = ResourcePlanner.Plan(Network, null, NetworkConfig());

        Assert.True(plan.Planned["network_id"].IsUnknown);
        Assert.True(plan.Planned["vpc_status"].IsUnknown);
        Assert.Equal("prod-network", ((StringValue)plan.Planned["network_name"]).Value);
        Assert.Empty(plan.RequiresReplace);
    }

    [Fact]
    public void An_unknown_value_for_a_replace_forcing_argument_plans_a_replacement()
    {
        var state = NetworkConfig(("network_id", Value.Of("n-1")), ("vpc_status", Value.Of("VALID")), ("creation_time", Value.Of(1L)));
        var config = NetworkConfig(("vpc_id", Value.Unknown));

        var plan = ResourcePlanner.Plan(Network, state, config);

        Assert.Contains(AttributePath.Of("vpc_id"), plan.RequiresReplace);
        Assert.True(plan.Planned["vpc_status"].IsUnknown);
        Assert.Equal("n-1", ((StringValue)plan.Planned["network_id"]).Value);
    }
}
