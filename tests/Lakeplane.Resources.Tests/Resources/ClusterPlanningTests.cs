using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// How lakeplane_cluster plans: what resizes in place, what restarts a running cluster (with a
/// warning naming it), what replaces it, and that the daemon's own state changes — auto-termination
/// above all — never show as a change unless keep_running asks for the cluster to run.
/// </summary>
public sealed class ClusterPlanningTests
{
    private static readonly ClusterResource Cluster = new();

    private static ObjectValue Map(params (string Key, string Value)[] entries) =>
        new(entries.ToDictionary(e => e.Key, e => Value.Of(e.Value)));

    private static ObjectValue Autoscale(long min, long max) =>
        new(new Dictionary<string, Value> { ["min_workers"] = Value.Of(min), ["max_workers"] = Value.Of(max) });

    /// <summary>A 1-worker cluster as state after apply (or refresh): <paramref name="state"/> is what the daemon reported.</summary>
    private static ObjectValue State(string state = "RUNNING", long numWorkers = 1, bool keepRunning = false) => new(new Dictionary<string, Value>
    {
        ["workspace_id"] = Value.Of(7L),
        ["cluster_name"] = Value.Of("etl"),
        ["spark_version"] = Value.Of("15.4.x-scala2.12"),
        ["node_type_id"] = Value.Of("m5.large"),
        ["driver_node_type_id"] = Value.Of("m5.large"),
        ["num_workers"] = Value.Of(numWorkers),
        ["autotermination_minutes"] = Value.Of(60L),
        ["custom_tags"] = Map(("team", "data")),
        ["spark_conf"] = Value.Null,
        ["spark_env_vars"] = Value.Null,
        ["keep_running"] = Value.Of(keepRunning),
        ["cluster_id"] = Value.Of("1125-093000-ab12cd34"),
        ["state"] = Value.Of(state),
        ["state_message"] = Value.Of(state == "TERMINATED" ? "Inactive cluster terminated (inactive for 60 minutes)." : ""),
        ["default_tags"] = Map(("Vendor", "Lakeplane"), ("ClusterName", "etl"), ("ClusterId", "1125-093000-ab12cd34"), ("Creator", "admin")),
        ["creator_user_name"] = Value.Of("admin"),
        ["autoscale"] = Value.Null,
        ["timeouts"] = Value.Null,
    });

    /// <summary>The configuration that wrote <see cref="State"/>: num_workers set, no driver type, autotermination left to its default.</summary>
    private static ObjectValue Config(long? numWorkers = 1, bool? keepRunning = null) => new(new Dictionary<string, Value>
    {
        ["workspace_id"] = Value.Of(7L),
        ["cluster_name"] = Value.Of("etl"),
        ["spark_version"] = Value.Of("15.4.x-scala2.12"),
        ["node_type_id"] = Value.Of("m5.large"),
        ["driver_node_type_id"] = Value.Null,
        ["num_workers"] = numWorkers is null ? Value.Null : Value.Of(numWorkers.Value),
        ["autotermination_minutes"] = Value.Null,
        ["custom_tags"] = Map(("team", "data")),
        ["spark_conf"] = Value.Null,
        ["spark_env_vars"] = Value.Null,
        ["keep_running"] = keepRunning is null ? Value.Null : Value.Of(keepRunning.Value),
        ["cluster_id"] = Value.Null,
        ["state"] = Value.Null,
        ["state_message"] = Value.Null,
        ["default_tags"] = Value.Null,
        ["creator_user_name"] = Value.Null,
        ["autoscale"] = Value.Null,
        ["timeouts"] = Value.Null,
    });

    private static bool Differs(ObjectValue prior, PlannedChange plan) => PlannedChange.Differs(Cluster.Schema.Root, prior, plan.Planned);

    [Fact]
    public void Unchanged_running_cluster_plans_nothing()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config());

        Assert.False(Differs(prior, plan));
        Assert.Empty(plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Fact]
    public void Auto_terminated_cluster_is_no_change_and_stays_terminated()
    {
        var prior = State("TERMINATED");
        var plan = ResourcePlanner.Plan(Cluster, prior, Config());

        Assert.False(Differs(prior, plan));
        Assert.Equal("TERMINATED", ((StringValue)plan.Planned["state"]).Value);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Theory]
    [InlineData("TERMINATED")]
    [InlineData("ERROR")]
    public void Keep_running_plans_a_stopped_cluster_running_again_in_place(string stopped)
    {
        var prior = State(stopped, keepRunning: true);
        var plan = ResourcePlanner.Plan(Cluster, prior, Config(keepRunning: true));

        Assert.True(Differs(prior, plan));
        Assert.Empty(plan.RequiresReplace);
        Assert.Equal("RUNNING", ((StringValue)plan.Planned["state"]).Value);
        Assert.True(plan.Planned["state_message"].IsUnknown);
        Assert.Equal("1125-093000-ab12cd34", ((StringValue)plan.Planned["cluster_id"]).Value);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Fact]
    public void Keep_running_changes_nothing_while_the_cluster_runs()
    {
        var prior = State(keepRunning: true);
        var plan = ResourcePlanner.Plan(Cluster, prior, Config(keepRunning: true));

        Assert.False(Differs(prior, plan));
    }

    [Fact]
    public void Resizing_a_running_cluster_is_in_place_without_a_restart_and_it_stays_running()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config(numWorkers: 2));

        Assert.True(Differs(prior, plan));
        Assert.Empty(plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
        Assert.Equal(2m, ((NumberValue)plan.Planned["num_workers"]).Value);
        Assert.Equal("RUNNING", ((StringValue)plan.Planned["state"]).Value);
        Assert.Equal("m5.large", ((StringValue)plan.Planned["driver_node_type_id"]).Value);
        Assert.Equal("admin", ((StringValue)plan.Planned["creator_user_name"]).Value);
        Assert.IsType<ObjectValue>(plan.Planned["default_tags"]);
    }

    [Fact]
    public void Switching_to_autoscale_is_in_place_and_num_workers_is_no_longer_set()
    {
        var prior = State();
        var config = Config(numWorkers: null).With("autoscale", Autoscale(1, 4));
        var plan = ResourcePlanner.Plan(Cluster, prior, config);

        Assert.Empty(plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
        Assert.True(plan.Planned["num_workers"].IsNull);
    }

    [Fact]
    public void Autoscaling_cluster_without_num_workers_plans_nothing()
    {
        var prior = State().With("num_workers", Value.Null).With("autoscale", Autoscale(1, 4));
        var plan = ResourcePlanner.Plan(Cluster, prior, Config(numWorkers: null).With("autoscale", Autoscale(1, 4)));

        Assert.False(Differs(prior, plan));
    }

    [Fact]
    public void Size_left_out_means_no_workers_and_a_cluster_resized_elsewhere_is_resized_back()
    {
        var prior = State(numWorkers: 3);
        var plan = ResourcePlanner.Plan(Cluster, prior, Config(numWorkers: null));

        Assert.True(Differs(prior, plan));
        Assert.Equal(0m, ((NumberValue)plan.Planned["num_workers"]).Value);
        Assert.True(plan.Planned["state_message"].IsUnknown);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Fact]
    public void Renaming_is_in_place_and_only_then_default_tags_are_unknown()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With("cluster_name", Value.Of("etl-2")));

        Assert.Empty(plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
        Assert.True(plan.Planned["default_tags"].IsUnknown);
    }

    [Theory]
    [InlineData("spark_version", "16.4.x-scala2.12")]
    [InlineData("driver_node_type_id", "m5.xlarge")]
    public void Runtime_or_driver_change_restarts_a_running_cluster_and_the_plan_warns(string attribute, string value)
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With(attribute, Value.Of(value)));

        Assert.Empty(plan.RequiresReplace);
        var warning = Assert.Single(plan.Diagnostics.Items);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("Cluster restarts", warning.Summary);
        Assert.Equal(AttributePath.Of(attribute), warning.Path);
        Assert.Contains($"Changing {attribute} restarts the running cluster etl (1125-093000-ab12cd34)", warning.Detail);
        Assert.Equal("RUNNING", ((StringValue)plan.Planned["state"]).Value);
    }

    [Fact]
    public void Node_type_change_moves_an_unset_driver_type_with_it_and_names_both()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With("node_type_id", Value.Of("m5.xlarge")));

        Assert.Equal("m5.xlarge", ((StringValue)plan.Planned["driver_node_type_id"]).Value);
        Assert.Contains("Changing node_type_id, driver_node_type_id restarts", Assert.Single(plan.Diagnostics.Items).Detail);
    }

    [Fact]
    public void Spark_conf_or_tags_change_restarts_too()
    {
        var prior = State();
        var config = Config().With("spark_conf", Map(("spark.sql.shuffle.partitions", "8"))).With("custom_tags", Map(("team", "ml")));
        var plan = ResourcePlanner.Plan(Cluster, prior, config);

        Assert.Contains("Changing custom_tags, spark_conf restarts", Assert.Single(plan.Diagnostics.Items).Detail);
    }

    [Fact]
    public void Runtime_change_of_a_terminated_cluster_does_not_restart_it_and_does_not_warn()
    {
        var prior = State("TERMINATED");
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With("spark_version", Value.Of("16.4.x-scala2.12")));

        Assert.Empty(plan.Diagnostics.Items);
        Assert.True(plan.Planned["state"].IsUnknown);
    }

    [Fact]
    public void Another_workspace_replaces_the_cluster_without_a_restart_warning()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With("workspace_id", Value.Of(8L)).With("spark_version", Value.Of("16.4.x-scala2.12")));

        Assert.Equal([AttributePath.Of("workspace_id")], plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Fact]
    public void Empty_maps_and_unset_maps_are_the_same()
    {
        var prior = State();
        var plan = ResourcePlanner.Plan(Cluster, prior, Config().With("spark_conf", Map()).With("spark_env_vars", Map()));

        // The written {} is kept in the plan (terraform insists), but it is not a restart.
        Assert.Empty(plan.Diagnostics.Items);
        Assert.Empty(plan.RequiresReplace);
    }

    [Fact]
    public void Create_plans_running_with_the_defaults_the_daemon_applies()
    {
        var plan = ResourcePlanner.Plan(Cluster, prior: null, Config(numWorkers: null));

        Assert.Equal("RUNNING", ((StringValue)plan.Planned["state"]).Value);
        Assert.Equal(0m, ((NumberValue)plan.Planned["num_workers"]).Value);
        Assert.Equal("m5.large", ((StringValue)plan.Planned["driver_node_type_id"]).Value);
        Assert.Equal(60m, ((NumberValue)plan.Planned["autotermination_minutes"]).Value);
        Assert.False(((BoolValue)plan.Planned["keep_running"]).Value);
        Assert.True(plan.Planned["cluster_id"].IsUnknown);
        Assert.True(plan.Planned["default_tags"].IsUnknown);
    }

    [Fact]
    public void Create_of_an_autoscaling_cluster_plans_no_num_workers()
    {
        var plan = ResourcePlanner.Plan(Cluster, prior: null, Config(numWorkers: null).With("autoscale", Autoscale(0, 2)));

        Assert.True(plan.Planned["num_workers"].IsNull);
    }

    [Fact]
    public void Driver_type_follows_an_unknown_node_type_as_unknown()
    {
        var plan = ResourcePlanner.Plan(Cluster, prior: null, Config().With("node_type_id", Value.Unknown));

        Assert.True(plan.Planned["driver_node_type_id"].IsUnknown);
    }
}
