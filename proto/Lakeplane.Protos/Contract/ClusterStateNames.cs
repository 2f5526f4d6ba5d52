namespace Lakeplane.Protos.Contract;

/// <summary>
/// The cluster states of the clusters API (Cluster.state) and which of them mean the cluster has,
/// or is getting, nodes. Part of the API's contract, so it lives with the API: lakeplaned moves
/// clusters between them (Clusters/ClusterStates) and the providers wait on and act on them.
/// </summary>
public static class ClusterStateNames
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Restarting = "RESTARTING";
    public const string Resizing = "RESIZING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Error = "ERROR";

    /// <summary>Every state a cluster can be in, in life-cycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Running, Restarting, Resizing, Terminating, Terminated, Error];

    /// <summary>States in which the cluster's nodes should exist: it has, or is getting, nodes.</summary>
    public static bool HasNodes(string state) => state is Pending or Running or Resizing or Restarting;

    /// <summary>States in which a node lost is replaced and work is served.</summary>
    public static bool IsActive(string state) => state is Running or Resizing;
}
