using Lakeplane.Protos.Contract;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The cluster states of the Databricks clusters API and the moves between them. Users ask for moves
/// (create, start, restart, resize, edit, terminate); the reconciler completes them as compute catches up.
/// The names and which states have nodes are the API contract's (Lakeplane.Protos.Contract.ClusterStateNames), which
/// the providers act on too; the moves are the daemon's own.
/// </summary>
public static class ClusterStates
{
    public const string Pending = ClusterStateNames.Pending;
    public const string Running = ClusterStateNames.Running;
    public const string Restarting = ClusterStateNames.Restarting;
    public const string Resizing = ClusterStateNames.Resizing;
    public const string Terminating = ClusterStateNames.Terminating;
    public const string Terminated = ClusterStateNames.Terminated;
    public const string Error = ClusterStateNames.Error;

    private static readonly Dictionary<string, string[]> Moves = new()
    {
        [Pending] = [Running, Terminating, Error],
        [Running] = [Resizing, Restarting, Terminating, Error],
        [Resizing] = [Running, Resizing, Restarting, Terminating, Error],
        [Restarting] = [Running, Terminating, Error],
        [Terminating] = [Terminated],
        [Terminated] = [Pending],
        [Error] = [Terminating, Terminated],
    };

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>States in which the cluster's nodes should exist.</summary>
    public static bool WantsNodes(string state) => ClusterStateNames.HasNodes(state);

    /// <summary>States in which a node lost is replaced and work is served.</summary>
    public static bool IsActive(string state) => ClusterStateNames.IsActive(state);
}
