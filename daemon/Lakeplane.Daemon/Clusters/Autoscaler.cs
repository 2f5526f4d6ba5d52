using System.Collections.Concurrent;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// Decides how many workers an autoscaling cluster should have from the work its driver reports: enough workers
/// that every pending or running task has a core, within autoscale.min_workers..max_workers. It scales up at once
/// and down only after demand has stayed lower for a scale-down delay, so a short lull does not shed workers that
/// the next task needs again.
/// </summary>
public sealed class Autoscaler(TimeProvider time, TimeSpan scaleDownDelay)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lowDemandSince = new(StringComparer.Ordinal);

    public Autoscaler(TimeProvider time, ClusterSettings settings)
        : this(time, settings.MinuteLength)
    {
    }

    public int Target(string clusterId, AutoScale bounds, int currentTarget, int pendingWork, int runningWork, double coresPerWorker)
    {
        var demand = (int)Math.Ceiling((pendingWork + runningWork) / Math.Max(1.0, coresPerWorker));
        var wanted = Math.Clamp(demand, bounds.MinWorkers, bounds.MaxWorkers);
        if (currentTarget < bounds.MinWorkers || currentTarget > bounds.MaxWorkers)
        {
            // The bounds changed under the cluster: move inside them now.
            _lowDemandSince.TryRemove(clusterId, out _);
            return Math.Clamp(currentTarget, bounds.MinWorkers, bounds.MaxWorkers);
        }
        if (wanted >= currentTarget)
        {
            _lowDemandSince.TryRemove(clusterId, out _);
            return wanted;
        }
        var now = time.GetUtcNow();
        var since = _lowDemandSince.GetOrAdd(clusterId, now);
        if (now - since < scaleDownDelay)
        {
            return currentTarget;
        }
        _lowDemandSince.TryRemove(clusterId, out _);
        return wanted;
    }

    /// <summary>Drops what is remembered of a cluster that stopped or went away.</summary>
    public void Forget(string clusterId) => _lowDemandSince.TryRemove(clusterId, out _);
}
