using System.Collections.Concurrent;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The latest heartbeat of every node, in memory only: heartbeats come every second from every node, far too often
/// to write to the store. After a restart the map is empty, and <see cref="Since"/> gives nodes a grace period from
/// the moment they could reach this daemon to report again before they count as lost.
/// </summary>
public sealed class NodeHeartbeats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, NodeLiveness> _latest = new(StringComparer.Ordinal);

    /// <summary>When nodes were told where this daemon listens (<see cref="MarkReachable"/>): silence before then is
    /// not theirs to answer for.</summary>
    public DateTimeOffset Since { get; private set; } = time.GetUtcNow();

    public void MarkReachable() => Since = time.GetUtcNow();

    public void Record(string nodeId, int pendingWork, int runningWork) =>
        _latest[nodeId] = new NodeLiveness(time.GetUtcNow(), pendingWork, runningWork);

    public NodeLiveness? Latest(string nodeId) => _latest.TryGetValue(nodeId, out var liveness) ? liveness : null;

    public void Forget(string nodeId) => _latest.TryRemove(nodeId, out _);
}

/// <summary>A node's last report: when, and how much work its queue holds.</summary>
public sealed record NodeLiveness(DateTimeOffset At, int PendingWork, int RunningWork)
{
    public bool HasWork => PendingWork > 0 || RunningWork > 0;
}
