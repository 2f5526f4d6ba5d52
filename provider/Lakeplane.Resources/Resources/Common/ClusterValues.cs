using Lakeplane.Protos.Contract;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// A daemon cluster as attribute values, shared by the lakeplane_cluster resource and data source so
/// both read the same, and the cluster states of the clusters API that the provider acts on (the API
/// contract's, Lakeplane.Protos.Contract.ClusterStateNames, which lakeplaned moves clusters between).
/// </summary>
public static class ClusterValues
{
    public const string Pending = ClusterStateNames.Pending;
    public const string Running = ClusterStateNames.Running;
    public const string Restarting = ClusterStateNames.Restarting;
    public const string Resizing = ClusterStateNames.Resizing;
    public const string Terminating = ClusterStateNames.Terminating;
    public const string Terminated = ClusterStateNames.Terminated;
    public const string Error = ClusterStateNames.Error;

    /// <summary>The `autoscale { min_workers, max_workers }` object.</summary>
    public static readonly ObjectType AutoscaleType = new([new("min_workers", TypeSpec.Number), new("max_workers", TypeSpec.Number)]);

    /// <summary>States in which the cluster has, or is getting, nodes: an edit of its spec restarts it.</summary>
    public static bool IsUp(string state) => ClusterStateNames.HasNodes(state);

    public static Dictionary<string, Value> From(Cluster cluster) => new(StringComparer.Ordinal)
    {
        ["workspace_id"] = Value.Of(cluster.WorkspaceId),
        ["cluster_id"] = Value.Of(cluster.ClusterId),
        ["cluster_name"] = Value.Of(cluster.ClusterName),
        ["spark_version"] = Value.Of(cluster.SparkVersion),
        ["node_type_id"] = Value.Of(cluster.NodeTypeId),
        // The daemon fills in node_type_id when no driver type was given, as Databricks does.
        ["driver_node_type_id"] = Value.Of(cluster.DriverNodeTypeId.Length == 0 ? cluster.NodeTypeId : cluster.DriverNodeTypeId),
        // For an autoscaling cluster the API reports its current target in num_workers; the size
        // a configuration declares is autoscale then, and num_workers is not set.
        ["num_workers"] = cluster.Autoscale is null ? Value.Of(cluster.HasNumWorkers ? cluster.NumWorkers : 0) : Value.Null,
        ["autoscale"] = Autoscale(cluster.Autoscale),
        ["autotermination_minutes"] = Value.Of(cluster.AutoterminationMinutes),
        ["custom_tags"] = StateValues.StringMap(cluster.CustomTags),
        ["spark_conf"] = StateValues.StringMap(cluster.SparkConf),
        ["spark_env_vars"] = StateValues.StringMap(cluster.SparkEnvVars),
        ["state"] = Value.Of(cluster.State),
        ["state_message"] = Value.Of(cluster.StateMessage),
        ["default_tags"] = StateValues.StringMap(cluster.DefaultTags),
        ["creator_user_name"] = Value.Of(cluster.CreatorUserName),
    };

    public static Value Autoscale(AutoScale? autoscale) => autoscale is null
        ? Value.Null
        : new ObjectValue(new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["min_workers"] = Value.Of(autoscale.MinWorkers),
            ["max_workers"] = Value.Of(autoscale.MaxWorkers),
        });

    /// <summary>How many worker nodes are heartbeating: what progress messages report.</summary>
    public static int RunningWorkers(Cluster cluster) => cluster.Executors.Count(node => node.State == Running);

    /// <summary>"etl (0101-120000-abcdefgh)": how messages name a cluster.</summary>
    public static string Describe(Cluster cluster) => $"{cluster.ClusterName} ({cluster.ClusterId})";

    /// <summary>Why a cluster is not running, from what the daemon recorded.</summary>
    public static string Why(Cluster cluster)
    {
        var reason = cluster.TerminationReason is { Code.Length: > 0 } termination
            ? $" (termination reason {termination.Code}{(termination.Type.Length > 0 ? ", " + termination.Type : "")})"
            : "";
        var message = cluster.StateMessage.Length > 0 ? cluster.StateMessage : "lakeplaned gave no message";
        return message + reason;
    }
}
