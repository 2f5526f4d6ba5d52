using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// lakeplane_cluster's state built from the daemon's answers reads as the configuration wrote it
/// (so a plan after apply or import is empty), and its configuration checks name the attribute
/// and the fix before anything reaches the daemon.
/// </summary>
public sealed class ClusterStateTests
{
    private static readonly ClusterResource Resource = new();

    private static Cluster Daemon(Action<Cluster>? change = null)
    {
        var cluster = new Cluster
        {
            ClusterId = "1125-093000-ab12cd34", ClusterName = "etl", WorkspaceId = 7, SparkVersion = "15.4.x-scala2.12",
            NodeTypeId = "m5.large", DriverNodeTypeId = "m5.large", NumWorkers = 1, AutoterminationMinutes = 60,
            State = "RUNNING", CreatorUserName = "admin", TargetNumWorkers = 1,
            DefaultTags = { ["Vendor"] = "Lakeplane", ["Creator"] = "admin", ["ClusterName"] = "etl", ["ClusterId"] = "1125-093000-ab12cd34" },
        };
        change?.Invoke(cluster);
        return cluster;
    }

    private static ObjectValue Prior(params (string Name, Value Value)[] attributes) => new(attributes.ToDictionary(a => a.Name, a => a.Value));

    [Fact]
    public void Imported_cluster_reads_as_a_configuration_that_leaves_defaults_out()
    {
        var state = ClusterResource.ToState(Daemon(), prior: null);

        Assert.Equal(1m, ((NumberValue)state["num_workers"]).Value);
        Assert.True(state["autoscale"].IsNull);
        Assert.True(state["custom_tags"].IsNull);
        Assert.True(state["spark_conf"].IsNull);
        Assert.True(state["spark_env_vars"].IsNull);
        Assert.False(((BoolValue)state["keep_running"]).Value);
        Assert.True(state["timeouts"].IsNull);
        Assert.Equal("Lakeplane", ((StringValue)((ObjectValue)state["default_tags"])["Vendor"]).Value);
        // Every attribute of the schema is there: terraform rejects state that lacks one.
        Assert.Equal(Resource.Schema.Root.ValueType().Attributes.Select(a => a.Key).Order(), state.Attributes.Keys.Order());
    }

    [Fact]
    public void Imported_cluster_plans_nothing_against_the_configuration_that_describes_it()
    {
        var imported = ClusterResource.ToState(Daemon(), prior: null);
        var config = new ObjectValue(Resource.Schema.Root.ValueType().Attributes.ToDictionary(a => a.Key, a => a.Key switch
        {
            "workspace_id" => Value.Of(7L),
            "cluster_name" => Value.Of("etl"),
            "spark_version" => Value.Of("15.4.x-scala2.12"),
            "node_type_id" => Value.Of("m5.large"),
            "num_workers" => Value.Of(1L),
            _ => Value.Null,
        }));

        var plan = ResourcePlanner.Plan(Resource, imported, config);

        Assert.False(PlannedChange.Differs(Resource.Schema.Root, imported, plan.Planned));
    }

    [Fact]
    public void Autoscaling_cluster_has_no_num_workers_whatever_target_the_daemon_reports()
    {
        var state = ClusterResource.ToState(Daemon(c => c.Autoscale = new AutoScale { MinWorkers = 1, MaxWorkers = 4 }), prior: null);

        Assert.True(state["num_workers"].IsNull);
        var autoscale = Assert.IsType<ObjectValue>(state["autoscale"]);
        Assert.Equal(1m, ((NumberValue)autoscale["min_workers"]).Value);
        Assert.Equal(4m, ((NumberValue)autoscale["max_workers"]).Value);
    }

    [Fact]
    public void Written_empty_maps_stay_empty_and_keep_running_comes_from_prior()
    {
        var timeouts = Prior(("create", Value.Of("5m")), ("update", Value.Null), ("delete", Value.Null));
        var prior = Prior(
            ("spark_conf", new ObjectValue(new Dictionary<string, Value>())),
            ("keep_running", Value.Of(true)),
            ("timeouts", timeouts));

        var state = ClusterResource.ToState(Daemon(), prior);

        Assert.Empty(Assert.IsType<ObjectValue>(state["spark_conf"]).Attributes);
        Assert.True(state["spark_env_vars"].IsNull);
        Assert.True(((BoolValue)state["keep_running"]).Value);
        Assert.False(state.Attributes.ContainsKey("timeouts"));
    }

    [Fact]
    public void Tags_set_elsewhere_show_even_when_the_configuration_has_none()
    {
        var state = ClusterResource.ToState(Daemon(c => c.CustomTags["team"] = "data"), Prior(("custom_tags", Value.Null)));

        Assert.Equal("data", ((StringValue)((ObjectValue)state["custom_tags"])["team"]).Value);
    }

    [Fact]
    public void A_driver_type_left_empty_by_the_daemon_reads_as_the_node_type()
    {
        var state = ClusterResource.ToState(Daemon(c => c.DriverNodeTypeId = ""), prior: null);

        Assert.Equal("m5.large", ((StringValue)state["driver_node_type_id"]).Value);
    }

    private static Diagnostics Validate(params (string Name, Value Value)[] set)
    {
        var config = new Dictionary<string, Value>(Resource.Schema.Root.ValueType().Attributes.ToDictionary(a => a.Key, _ => Value.Null))
        {
            ["workspace_id"] = Value.Of(7L),
            ["cluster_name"] = Value.Of("etl"),
            ["spark_version"] = Value.Of("15.4.x-scala2.12"),
            ["node_type_id"] = Value.Of("m5.large"),
        };
        foreach (var (name, value) in set)
        {
            config[name] = value;
        }
        var diagnostics = new Diagnostics();
        var objectValue = new ObjectValue(config);
        ConfigValidator.Validate(Resource.Schema.Root, objectValue, diagnostics);
        Resource.ValidateConfig(objectValue, diagnostics);
        return diagnostics;
    }

    private static ObjectValue Autoscale(long min, long max) =>
        new(new Dictionary<string, Value> { ["min_workers"] = Value.Of(min), ["max_workers"] = Value.Of(max) });

    [Fact]
    public void A_valid_configuration_has_no_findings()
    {
        Assert.Empty(Validate(("num_workers", Value.Of(2L)), ("autotermination_minutes", Value.Of(0L))).Items);
        Assert.Empty(Validate(("autoscale", Autoscale(0, 1)), ("autotermination_minutes", Value.Of(10L))).Items);
    }

    [Fact]
    public void Num_workers_and_autoscale_together_are_refused_on_autoscale()
    {
        var error = Assert.Single(Validate(("num_workers", Value.Of(2L)), ("autoscale", Autoscale(1, 2))).Items);
        Assert.Equal(AttributePath.Of("autoscale"), error.Path);
        Assert.Contains("not both", error.Detail);
    }

    [Fact]
    public void Max_workers_below_min_workers_is_refused_on_max_workers()
    {
        var error = Assert.Single(Validate(("autoscale", Autoscale(3, 2))).Items);
        Assert.Equal(AttributePath.Of("autoscale").Attribute("max_workers"), error.Path);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10_001)]
    [InlineData(-1)]
    public void Autotermination_outside_0_or_10_to_10000_is_refused(long minutes)
    {
        var error = Assert.Single(Validate(("autotermination_minutes", Value.Of(minutes))).Items);
        Assert.Equal(AttributePath.Of("autotermination_minutes"), error.Path);
        Assert.Contains("0 to turn it off, or a whole number from 10 to 10000", error.Detail);
    }

    [Fact]
    public void Tag_keys_lakeplane_sets_itself_are_refused_on_the_key()
    {
        var error = Assert.Single(Validate(("custom_tags", new ObjectValue(new Dictionary<string, Value> { ["clustername"] = Value.Of("x") }))).Items);
        Assert.Equal(AttributePath.Of("custom_tags").Key("clustername"), error.Path);
        Assert.Contains("default_tags", error.Detail);
    }

    [Theory]
    [InlineData("1BAD", "not an environment variable name")]
    [InlineData("LAKEPLANE_NODE_ID", "reserves")]
    public void Environment_variable_names_are_checked_on_the_key(string name, string expected)
    {
        var error = Assert.Single(Validate(("spark_env_vars", new ObjectValue(new Dictionary<string, Value> { [name] = Value.Of("x") }))).Items);
        Assert.Equal(AttributePath.Of("spark_env_vars").Key(name), error.Path);
        Assert.Contains(expected, error.Detail);
    }

    [Fact]
    public void Negative_workers_are_refused()
    {
        Assert.Equal(AttributePath.Of("num_workers"), Assert.Single(Validate(("num_workers", Value.Of(-1L))).Items).Path);
        Assert.Equal(AttributePath.Of("autoscale").Attribute("max_workers"),
            Validate(("autoscale", Autoscale(0, 0))).Items.Single(d => d.Summary == "Invalid max_workers").Path);
    }
}
