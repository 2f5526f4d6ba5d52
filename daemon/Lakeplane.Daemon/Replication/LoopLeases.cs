using Lakeplane.Daemon.Jobs;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// The leases of the daemon's background loops, one per role. Every loop that decides for the whole store holds one:
/// the cluster reconciler (launch, replace, remove, autoscale, auto-terminate), the workspace provisioner, and the job
/// scheduler with the run orchestrator (one lease: fires and the runs they start move together). Roles are independent,
/// so they may end up on different replicas.
/// </summary>
public sealed class LoopLeases
{
    public LoopLeases(IStore store, TimeProvider time, ReplicaIdentity replica, ReplicationSettings settings, JobSettingsOptions jobs, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<LoopLease>();
        Clusters = new LoopLease("clusters", settings.LeaseDuration, store, time, replica, logger);
        Provisioning = new LoopLease("provisioning", settings.LeaseDuration, store, time, replica, logger);
        Jobs = new LoopLease("jobs", jobs.LeaseDuration, store, time, replica, logger);
    }

    public LoopLease Clusters { get; }

    public LoopLease Provisioning { get; }

    public LoopLease Jobs { get; }

    public IReadOnlyList<LoopLease> All => [Clusters, Provisioning, Jobs];
}
