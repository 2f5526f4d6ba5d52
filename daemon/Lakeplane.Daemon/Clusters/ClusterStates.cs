namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The cluster states of the Databricks clusters API and the moves between them. Users ask for moves
/// (create, start, restart, resize, edit, terminate); the reconciler completes them as compute catches up.
/// </summary>
public static class ClusterStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Restarting = "RESTARTING";
    public const string Resizing = "RESIZING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Error = "ERROR";

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
    public static bool WantsNodes(string state) => state is Pending or Running or Resizing or Restarting;

    /// <summary>States in which a node lost is replaced and work is served.</summary>
    public static bool IsActive(string state) => state is Running or Resizing;
}
