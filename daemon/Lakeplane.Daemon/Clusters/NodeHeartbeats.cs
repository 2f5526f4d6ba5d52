using System.Collections.Concurrent;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The latest heartbeat of every node this replica knows of: those it heard itself, merged with those other replicas
/// heard and stored (<see cref="NodeLivenessRows"/>, read by the reconciler every round). The newer report wins, so memory
/// never overrides a fresher store. After a restart or a takeover, <see cref="Since"/> gives nodes a grace period from
/// that moment to be heard of again before they count as lost.
/// </summary>
public sealed class NodeHeartbeats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, NodeLiveness> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NodeLiveness> _persisted = new(StringComparer.Ordinal);

    /// <summary>When this replica became responsible for noticing lost nodes (<see cref="MarkReachable"/>): silence before
    /// then is not the nodes' to answer for.</summary>
    public DateTimeOffset Since { get; private set; } = time.GetUtcNow();

    public void MarkReachable() => Since = time.GetUtcNow();

    public NodeLiveness Record(string nodeId, int pendingWork, int runningWork)
    {
        var liveness = new NodeLiveness(time.GetUtcNow(), pendingWork, runningWork);
        _latest[nodeId] = liveness;
        return liveness;
    }

    /// <summary>Merges a report read from the store: kept only when newer than what this replica heard itself.</summary>
    public void Observe(string nodeId, NodeLiveness stored) =>
        _latest.AddOrUpdate(nodeId, stored, (_, mine) => mine.At >= stored.At ? mine : stored);

    /// <summary>Whether this heartbeat must reach the store: its work counts changed since the last one stored, or that one is
    /// older than <paramref name="interval"/>. Marks it stored; the caller writes it.</summary>
    public bool ShouldPersist(string nodeId, NodeLiveness liveness, TimeSpan interval)
    {
        if (_persisted.TryGetValue(nodeId, out var last)
            && last.PendingWork == liveness.PendingWork && last.RunningWork == liveness.RunningWork && liveness.At - last.At < interval)
        {
            return false;
        }
        _persisted[nodeId] = liveness;
        return true;
    }

    public NodeLiveness? Latest(string nodeId) => _latest.TryGetValue(nodeId, out var liveness) ? liveness : null;

    public void Forget(string nodeId)
    {
        _latest.TryRemove(nodeId, out _);
        _persisted.TryRemove(nodeId, out _);
    }
}

/// <summary>A node's last report: when, and how much work its queue holds.</summary>
public sealed record NodeLiveness(DateTimeOffset At, int PendingWork, int RunningWork)
{
    public bool HasWork => PendingWork > 0 || RunningWork > 0;
}
