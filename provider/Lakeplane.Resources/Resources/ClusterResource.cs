using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_cluster (databricks_cluster): an all-purpose cluster of a workspace, with the
/// arguments of the clusters API. Create waits until it is RUNNING. The size (num_workers,
/// autoscale), autotermination_minutes and cluster_name change in place without a restart; the
/// runtime, node types, tags, Spark configuration and environment restart a running cluster, as
/// the API's edit does, and the plan warns which; only workspace_id replaces it.
/// <para>
/// A cluster's state is the daemon's: auto-termination or a terminate from elsewhere never shows
/// as a change. Like databricks_cluster, a TERMINATED cluster is left terminated (edits apply to
/// its spec for its next start) unless keep_running is set, in which case the plan starts it
/// again (state: TERMINATED → RUNNING).
/// </para>
/// </summary>
public sealed class ClusterResource : ResourceDefinition
{
    public const long DefaultAutoterminationMinutes = 60;

    public static readonly OperationDeadlines Deadlines = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));

    /// <summary>Tag keys the daemon sets in default_tags, which custom_tags may not use.</summary>
    private static readonly string[] ReservedTags = ["Vendor", "Creator", "ClusterName", "ClusterId", "Name"];

    /// <summary>Arguments whose change restarts a running cluster (its nodes are replaced).</summary>
    private static readonly string[] RestartingArguments = ["spark_version", "node_type_id", "driver_node_type_id", "custom_tags", "spark_conf", "spark_env_vars"];

    /// <summary>Arguments sent to the clusters API's edit: a change to any of them is an edit.</summary>
    private static readonly string[] SpecArguments = ["cluster_name", "num_workers", "autoscale", "autotermination_minutes", .. RestartingArguments];

    private const string KeepRunning = "keep_running";

    public override string Name => "cluster";

    public override string IdAttribute => "cluster_id";

    public override OperationDeadlines DefaultDeadlines => Deadlines;

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description =
            "An all-purpose cluster in a workspace, with the arguments of Databricks' `databricks_cluster`. Creating it waits until it is RUNNING. " +
            "`num_workers`, `autoscale`, `autotermination_minutes` and `cluster_name` change in place; `spark_version`, `node_type_id`, " +
            "`driver_node_type_id`, `custom_tags`, `spark_conf` and `spark_env_vars` change in place too but restart a running cluster " +
            "(the plan shows a warning naming them); `workspace_id` replaces it.\n\n" +
            "**Terminated clusters.** `state` is what the cluster is doing now and never causes a change by itself: when auto-termination " +
            "or someone else terminates the cluster, the next plan is empty and the cluster stays TERMINATED, as with `databricks_cluster`; " +
            "edits then apply to its spec for its next start. Set `keep_running = true` to have every apply start a TERMINATED cluster again " +
            "(the plan shows `state: \"TERMINATED\" -> \"RUNNING\"`). Destroying terminates the cluster, waits until its nodes are gone, " +
            "and deletes it permanently.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().RequiresReplace("A cluster belongs to its workspace; another workspace means another cluster.")
                .Describe("Id of the workspace the cluster runs in."),
            Attr.String("cluster_name").Required().Validate(Validators.LengthBetween(1, 100))
                .Describe("Name of the cluster (need not be unique). Changes in place."),
            Attr.String("spark_version").Required()
                .Describe("Runtime of the cluster, e.g. `15.4.x-scala2.12`: an `id` of the `lakeplane_spark_versions` data source. Restarts a running cluster."),
            Attr.String("node_type_id").Required()
                .Describe("Node type of the workers (and of the driver unless `driver_node_type_id` is set): an `id` of the `lakeplane_node_types` data source. Restarts a running cluster."),
            Attr.String("driver_node_type_id").Optional().Computed()
                .Describe("Node type of the driver; `node_type_id` when unset. Restarts a running cluster."),
            Attr.Number("num_workers").Optional().Computed().Validate(new NumberRangeValidator(0, 100_000))
                .Describe("Number of workers of a fixed-size cluster (the driver comes on top); 0 when unset: the driver only. " +
                          "Conflicts with `autoscale`. Resizes in place."),
            Attr.Number("autotermination_minutes").Optional().Computed().Default(Value.Of(DefaultAutoterminationMinutes))
                .Validate(new OffOrRangeValidator(10, 10_000))
                .Describe("Terminate the cluster after this many minutes without work; 0 never does. Changes in place."),
            Attr.MapOf(TypeSpec.String, "custom_tags").Optional().Validate(Validators.AwsTags, new ReservedKeysValidator(ReservedTags, "Lakeplane sets them in default_tags"))
                .Describe("Tags for the cluster's compute, in addition to `default_tags`. Restarts a running cluster."),
            Attr.MapOf(TypeSpec.String, "spark_conf").Optional()
                .Describe("Spark configuration properties, e.g. `spark.sql.shuffle.partitions`. Restarts a running cluster."),
            Attr.MapOf(TypeSpec.String, "spark_env_vars").Optional().Validate(new EnvironmentVariablesValidator("LAKEPLANE_"))
                .Describe("Environment variables of the driver's and workers' processes. Restarts a running cluster."),
            Attr.Bool(KeepRunning).Optional().Computed().Default(Value.Of(false))
                .Describe("Start the cluster again whenever an apply finds it TERMINATED (after auto-termination, or terminated from elsewhere). " +
                          "When false, as with `databricks_cluster`, a terminated cluster is left terminated and is no change."),
            Attr.String("cluster_id").Computed().UseStateForUnknown().Describe("Id of the cluster; what import takes."),
            Attr.String("state").Computed()
                .Describe("PENDING, RUNNING, RESIZING, RESTARTING, TERMINATING, TERMINATED or ERROR. Reported, never a change by itself."),
            Attr.String("state_message").Computed().Describe("Why the cluster is in its state, e.g. why it terminated."),
            Attr.MapOf(TypeSpec.String, "default_tags").Computed().Describe("Tags Lakeplane puts on the cluster's compute: Vendor, Creator, ClusterName, ClusterId."),
            Attr.String("creator_user_name").Computed().UseStateForUnknown().Describe("Who created the cluster."),
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = "autoscale",
                Nesting = BlockNesting.Single,
                Description = "Autoscaling bounds: Lakeplane keeps the number of workers between them, following pending work. Conflicts with `num_workers`; resizes in place.",
                Object = new ObjectSchema
                {
                    Attributes =
                    [
                        Attr.Number("min_workers").Required().Validate(new NumberRangeValidator(0, 100_000))
                            .Describe("The fewest workers; also how many the cluster starts with."),
                        Attr.Number("max_workers").Required().Validate(new NumberRangeValidator(1, 100_000))
                            .Describe("The most workers; at least `min_workers`."),
                    ],
                },
            },
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        if (!config["num_workers"].IsNull && !config["autoscale"].IsNull)
        {
            diagnostics.AddError(
                "Conflicting cluster size",
                "Set \"num_workers\" for a fixed-size cluster or an \"autoscale\" block for an autoscaling one, not both.",
                AttributePath.Of("autoscale"));
        }
        if (config["autoscale"] is ObjectValue autoscale
            && autoscale["min_workers"] is NumberValue min && autoscale["max_workers"] is NumberValue max && max.Value < min.Value)
        {
            diagnostics.AddError(
                "Invalid max_workers",
                $"\"autoscale.max_workers\" ({max}) must be at least \"autoscale.min_workers\" ({min}).",
                AttributePath.Of("autoscale").Attribute("max_workers"));
        }
    }

    /// <summary>
    /// What the daemon will do, made visible before apply: the size a configuration without one
    /// means (0 workers, or none when autoscaling), the driver type that follows node_type_id, a
    /// warning when the change restarts a running cluster, and the state after apply — RUNNING
    /// when the cluster runs or is to be started (keep_running), otherwise known only after apply.
    /// A plan that changes nothing leaves every value as it is, state included.
    /// </summary>
    public override void ModifyPlan(ObjectValue? prior, ObjectValue config, ref ObjectValue planned, ISet<AttributePath> requiresReplace, Diagnostics diagnostics)
    {
        if (config["num_workers"].IsNull)
        {
            planned = planned.With("num_workers", config["autoscale"].IsNull ? Value.Of(0L) : Value.Null);
        }
        if (config["driver_node_type_id"].IsNull)
        {
            planned = planned.With("driver_node_type_id", planned["node_type_id"]);
        }
        if (prior is null)
        {
            planned = planned.With("state", Value.Of(ClusterValues.Running));
            return;
        }

        var priorState = prior.OptionalString("state") ?? "";
        var keepRunning = planned[KeepRunning] is BoolValue { Value: true };
        var willRun = ClusterValues.IsUp(priorState) || keepRunning;
        var startsAgain = keepRunning && !ClusterValues.IsUp(priorState);
        if (startsAgain || PlannedChange.Differs(Schema.Root, prior, planned))
        {
            // Everything the daemon decides, stated here rather than left to the generic planner:
            // this plan may differ only because of the size filled in above.
            planned = planned
                .With("cluster_id", prior["cluster_id"])
                .With("creator_user_name", prior["creator_user_name"])
                .With("state", willRun ? Value.Of(ClusterValues.Running) : Value.Unknown)
                .With("state_message", Value.Unknown)
                .With("default_tags", SameValue(prior, planned, "cluster_name") ? prior["default_tags"] : Value.Unknown);
            if (requiresReplace.Count == 0)
            {
                WarnOfRestart(prior, planned, priorState, diagnostics);
            }
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var deadline = context.DeadlineFor(ResourceOperation.Create, Deadlines);
        var spec = Spec(planned);
        var request = new CreateClusterRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = planned.RequiredLong("workspace_id"),
            ClusterName = spec.ClusterName,
            SparkVersion = spec.SparkVersion,
            NodeTypeId = spec.NodeTypeId,
            DriverNodeTypeId = spec.DriverNodeTypeId,
            Autoscale = spec.Autoscale,
            AutoterminationMinutes = spec.AutoterminationMinutes,
            CustomTags = { spec.CustomTags },
            SparkConf = { spec.SparkConf },
            SparkEnvVars = { spec.SparkEnvVars },
            RequestId = DaemonCalls.NewRequestId(),
        };
        if (spec.HasNumWorkers)
        {
            request.NumWorkers = spec.NumWorkers;
        }
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create cluster", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.CreateClusterAsync(request, options).ResponseAsync, cancellationToken));
        context.Log($"lakeplane_cluster {ClusterValues.Describe(created)}: created in workspace {created.WorkspaceId}, {created.State}");
        return await SettleRunningAsync(context, created, planned, deadline, started, ResourceOperation.Create, cancellationToken);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var found = await ClusterCalls.GetAsync(context, state.RequiredLong("workspace_id"), state.RequiredString("cluster_id"), cancellationToken);
        return found is null ? null : ToState(found, state);
    }

    /// <summary>
    /// Edits the spec when it changed (the daemon resizes a running cluster in place, or restarts
    /// it onto a new runtime, node type, tags or configuration), starts the cluster when the plan
    /// says it will run and it does not, and waits for RUNNING whenever it runs.
    /// </summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var timeout = context.DeadlineFor(ResourceOperation.Update, Deadlines);
        var workspaceId = prior.RequiredLong("workspace_id");
        var clusterId = prior.RequiredString("cluster_id");
        var current = await ClusterCalls.GetAsync(context, workspaceId, clusterId, cancellationToken) ?? throw Gone(clusterId);

        if (current.State == ClusterValues.Terminating)
        {
            // The API takes no edit or start while nodes are being taken down.
            current = Settled(await ClusterProvisioning.WaitForTerminatedAsync(context, current, timeout, started, cancellationToken),
                planned, timeout, ResourceOperation.Update, ClusterValues.Terminated);
        }
        var changed = SpecArguments.Where(name => !SameValue(prior, planned, name)).ToList();
        if (changed.Count > 0)
        {
            var spec = Spec(planned);
            var request = new EditClusterRequest
            {
                AccountId = context.Client.AccountId,
                WorkspaceId = workspaceId,
                ClusterId = clusterId,
                ClusterName = spec.ClusterName,
                SparkVersion = spec.SparkVersion,
                NodeTypeId = spec.NodeTypeId,
                DriverNodeTypeId = spec.DriverNodeTypeId,
                Autoscale = spec.Autoscale,
                AutoterminationMinutes = spec.AutoterminationMinutes,
                CustomTags = { spec.CustomTags },
                SparkConf = { spec.SparkConf },
                SparkEnvVars = { spec.SparkEnvVars },
                RequestId = DaemonCalls.NewRequestId(),
            };
            if (spec.HasNumWorkers)
            {
                request.NumWorkers = spec.NumWorkers;
            }
            var before = current.State;
            current = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "edit cluster", () =>
                DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.EditClusterAsync(request, options).ResponseAsync, cancellationToken));
            context.Log($"lakeplane_cluster {ClusterValues.Describe(current)}: edited {string.Join(", ", changed)}; {before} → {current.State}");
        }

        var shouldRun = planned["state"] is StringValue { Value: ClusterValues.Running } || planned[KeepRunning] is BoolValue { Value: true };
        if (shouldRun && current.State == ClusterValues.Error)
        {
            // An ERROR cluster cannot be started directly: take it down first.
            current = await ClusterCalls.TerminateAsync(context, Schema.Root, workspaceId, clusterId, cancellationToken) ?? throw Gone(clusterId);
            current = Settled(await ClusterProvisioning.WaitForTerminatedAsync(context, current, timeout, started, cancellationToken),
                planned, timeout, ResourceOperation.Update, ClusterValues.Terminated);
        }
        if (shouldRun && current.State == ClusterValues.Terminated)
        {
            current = await ClusterCalls.StartAsync(context, Schema.Root, current, cancellationToken);
            context.Log($"lakeplane_cluster {ClusterValues.Describe(current)}: started again (keep_running), {current.State}");
        }
        if (ClusterValues.IsUp(current.State))
        {
            return await SettleRunningAsync(context, current, planned, timeout, started, ResourceOperation.Update, cancellationToken);
        }
        return ToState(current, planned);
    }

    /// <summary>Terminate, wait until every node is gone, then delete for good: destroy leaves nothing running behind.</summary>
    public override async Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var timeout = context.DeadlineFor(ResourceOperation.Delete, Deadlines);
        var workspaceId = state.RequiredLong("workspace_id");
        var clusterId = state.RequiredString("cluster_id");
        var current = await ClusterCalls.GetAsync(context, workspaceId, clusterId, cancellationToken);
        if (current is null)
        {
            return;
        }
        if (current.State != ClusterValues.Terminated)
        {
            current = await ClusterCalls.TerminateAsync(context, Schema.Root, workspaceId, clusterId, cancellationToken);
            if (current is null)
            {
                return;
            }
            context.Log($"lakeplane_cluster {ClusterValues.Describe(current)}: terminating before deletion, {current.State}");
            var result = await ClusterProvisioning.WaitForTerminatedAsync(context, current, timeout, started, cancellationToken);
            switch (result.Outcome)
            {
                case ClusterProvisioning.Outcome.Gone:
                    return;
                case ClusterProvisioning.Outcome.Stopped:
                    throw new ResourceException(Diagnostic.Error(
                        "Interrupted while terminating the cluster",
                        $"Cluster {ClusterValues.Describe(result.Last)} was {result.Last.State} when the provider was stopped. It still exists; destroy again."));
                case ClusterProvisioning.Outcome.TimedOut:
                    throw new ResourceException(Diagnostic.Error(
                        "Cluster not terminated in time",
                        $"Cluster {ClusterValues.Describe(result.Last)} is still {result.Last.State} after {timeout.TotalMinutes:0.#} minutes, its delete deadline.")
                        with { Next = new NextStep(ResourceOperation.Delete) { DeadlineMayHelp = true } });
            }
        }
        await ClusterCalls.PermanentDeleteAsync(context, Schema.Root, workspaceId, clusterId, cancellationToken);
    }

    /// <summary>By "&lt;workspace_id&gt;/&lt;cluster_id&gt;", or by the cluster id alone, as databricks_cluster imports: then every workspace of the account is searched.</summary>
    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var parts = id.Trim().Split('/');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId) && parts[1].Length > 0)
        {
            var found = await ClusterCalls.GetAsync(context, workspaceId, parts[1], cancellationToken);
            return found is null ? null : ToState(found, prior: null);
        }
        if (parts.Length != 1 || parts[0].Length == 0)
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id",
                "A cluster is imported by its cluster_id, such as 1125-093000-ab12cd34, or as \"<workspace_id>/<cluster_id>\", such as 1234567890123456/1125-093000-ab12cd34."));
        }
        return await FindInAccountAsync(context, parts[0], cancellationToken);
    }

    private static async Task<ObjectValue?> FindInAccountAsync(ResourceContext context, string clusterId, CancellationToken cancellationToken)
    {
        ListWorkspacesResponse workspaces;
        try
        {
            var request = new ListWorkspacesRequest { AccountId = context.Client.AccountId };
            workspaces = await DaemonCalls.WithRetriesAsync(options => context.Client.Account.ListWorkspacesAsync(request, options).ResponseAsync, cancellationToken);
        }
        catch (RpcException e) when (LakeplaneError.Decode(e).ErrorCode == "PERMISSION_DENIED")
        {
            throw new ResourceException(Diagnostic.Error(
                "Cannot search the account for the cluster",
                $"The provider's token may not list the account's workspaces. Import it as \"<workspace_id>/{clusterId}\" instead."));
        }
        foreach (var workspace in workspaces.Workspaces)
        {
            var found = await ClusterCalls.GetAsync(context, workspace.WorkspaceId, clusterId, cancellationToken);
            if (found is not null)
            {
                return ToState(found, prior: null);
            }
        }
        return null;
    }

    /// <summary>Waits for RUNNING. A cluster that exists but did not get there stays in state (tainted after a create) rather than being forgotten.</summary>
    private static async Task<ObjectValue> SettleRunningAsync(
        ResourceContext context, Cluster current, ObjectValue planned, TimeSpan timeout, Stopwatch started, ResourceOperation operation, CancellationToken cancellationToken)
    {
        var result = await ClusterProvisioning.WaitForRunningAsync(context, current, timeout, started, cancellationToken);
        var running = Settled(result, planned, timeout, operation, ClusterValues.Running);
        context.Log($"lakeplane_cluster {ClusterValues.Describe(running)}: RUNNING with {ClusterValues.RunningWorkers(running)} workers after {started.Elapsed.TotalSeconds:0.#}s");
        return ToState(running, planned);
    }

    /// <summary>The cluster once it reached <paramref name="target"/>; otherwise an error that keeps what exists in state.</summary>
    private static Cluster Settled(ClusterProvisioning.Result result, ObjectValue planned, TimeSpan timeout, ResourceOperation operation, string target)
    {
        var state = ToState(result.Last, planned);
        var action = OperationDeadlines.NameOf(operation);
        var id = ClusterValues.Describe(result.Last);
        return result.Outcome switch
        {
            ClusterProvisioning.Outcome.Reached => result.Last,
            ClusterProvisioning.Outcome.Failed => throw new IncompleteOperationException(Diagnostic.Error(
                $"Cluster {action} failed",
                $"Cluster {id} is {result.Last.State} instead of {target}: {ClusterValues.Why(result.Last)}. " +
                "It exists and is kept in state; fix the cause (node type, runtime, capacity).")
                with { Next = new NextStep(operation) { KeptIncomplete = true } },
                state),
            ClusterProvisioning.Outcome.TimedOut => throw new IncompleteOperationException(Diagnostic.Error(
                $"Cluster not {target} in time",
                $"Cluster {id} is still {result.Last.State} after {timeout.TotalMinutes:0.#} minutes, its {action} deadline. " +
                "It exists and is kept in state; the cluster's events in lakeplaned say why it is not there yet.")
                with { Next = new NextStep(operation) { KeptIncomplete = true, DeadlineMayHelp = true } },
                state),
            ClusterProvisioning.Outcome.Stopped => throw new IncompleteOperationException(Diagnostic.Error(
                "Interrupted while waiting for the cluster",
                $"Cluster {id} exists but was {result.Last.State} when the provider was stopped. It is kept in state.")
                with { Next = new NextStep(operation) { KeptIncomplete = true } },
                state),
            _ => throw new ResourceException(Diagnostic.Error(
                "Cluster disappeared",
                $"Cluster {id} was deleted by someone else while the provider waited for it to become {target}.")),
        };
    }

    /// <summary>A warning naming the arguments whose change replaces every node of a running cluster.</summary>
    private static void WarnOfRestart(ObjectValue prior, ObjectValue planned, string priorState, Diagnostics diagnostics)
    {
        if (!ClusterValues.IsUp(priorState))
        {
            return;
        }
        var restarting = RestartingArguments.Where(name => !SameValue(prior, planned, name)).ToList();
        if (restarting.Count == 0)
        {
            return;
        }
        diagnostics.AddWarning(
            "Cluster restarts",
            $"Changing {string.Join(", ", restarting)} restarts the running cluster {prior.OptionalString("cluster_name")} ({prior.OptionalString("cluster_id")}): " +
            "Lakeplane replaces all of its nodes, as the clusters API's edit does, and work running on it is interrupted. " +
            "num_workers, autoscale, autotermination_minutes and cluster_name change without a restart.",
            AttributePath.Of(restarting[0]));
    }

    /// <summary>Whether an argument means the same before and after; an unset map and an empty one both mean none.</summary>
    private static bool SameValue(ObjectValue prior, ObjectValue planned, string name)
    {
        var before = prior[name];
        var after = planned[name];
        var type = TypeOf(name);
        if (type is MapType && IsEmptyMap(before) && IsEmptyMap(after))
        {
            return true;
        }
        return ValueEquality.Equal(before, after, type);
    }

    private static TypeSpec TypeOf(string name) => name == "autoscale" ? ClusterValues.AutoscaleType
        : name is "custom_tags" or "spark_conf" or "spark_env_vars" or "default_tags" ? TypeSpec.MapOf(TypeSpec.String)
        : name is "num_workers" or "autotermination_minutes" ? TypeSpec.Number
        : TypeSpec.String;

    private static bool IsEmptyMap(Value value) => value.IsNull || value is ObjectValue { Attributes.Count: 0 };

    /// <summary>The cluster spec a plan describes, as the API takes it: exactly one of num_workers and autoscale.</summary>
    private static Cluster Spec(ObjectValue planned)
    {
        var spec = new Cluster
        {
            ClusterName = planned.RequiredString("cluster_name"),
            SparkVersion = planned.RequiredString("spark_version"),
            NodeTypeId = planned.RequiredString("node_type_id"),
            DriverNodeTypeId = planned.OptionalString("driver_node_type_id") ?? "",
            AutoterminationMinutes = (int)(planned.OptionalLong("autotermination_minutes") ?? DefaultAutoterminationMinutes),
            CustomTags = { planned.OptionalStringMap("custom_tags") ?? new Dictionary<string, string>() },
            SparkConf = { planned.OptionalStringMap("spark_conf") ?? new Dictionary<string, string>() },
            SparkEnvVars = { planned.OptionalStringMap("spark_env_vars") ?? new Dictionary<string, string>() },
        };
        if (planned["autoscale"] is ObjectValue autoscale)
        {
            spec.Autoscale = new AutoScale { MinWorkers = (int)autoscale.RequiredLong("min_workers"), MaxWorkers = (int)autoscale.RequiredLong("max_workers") };
        }
        else
        {
            spec.NumWorkers = (int)(planned.OptionalLong("num_workers") ?? 0);
        }
        return spec;
    }

    /// <summary>
    /// The daemon's cluster as state. What only the configuration knows comes from
    /// <paramref name="prior"/> (state or plan): keep_running, and whether a
    /// map was left out (null) or written as {} — the daemon cannot tell them apart.
    /// </summary>
    internal static ObjectValue ToState(Cluster cluster, ObjectValue? prior)
    {
        var values = ClusterValues.From(cluster);
        foreach (var map in new[] { "custom_tags", "spark_conf", "spark_env_vars" })
        {
            if (values[map] is ObjectValue { Attributes.Count: 0 } && (prior is null || prior[map].IsNull))
            {
                values[map] = Value.Null;
            }
        }
        values[KeepRunning] = prior?[KeepRunning] is BoolValue keep ? keep : Value.Of(false);
        return new ObjectValue(values);
    }

    private static ResourceException Gone(string clusterId) => new(Diagnostic.Error(
        "Cannot update cluster",
        $"Cluster {clusterId} no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });
}
