using Lakeplane.Daemon.Replication;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Which replica schedules and orchestrates runs: the holder of the "jobs" loop lease (<see cref="LoopLease"/>), renewed
/// by the <see cref="LeaseKeeper"/>. The scheduler and the orchestrator act only while <see cref="IsLeader"/>, and commit
/// their decisions through <see cref="Lease"/>, whose store fence refuses them once another replica took the lease over.
/// Fires are idempotent besides (one row per job and cron time), so no time can fire twice.
/// </summary>
public sealed class JobLeadership
{
    public JobLeadership(LoopLease lease, JobSignals signals, ILogger<JobLeadership> logger)
    {
        Lease = lease;
        lease.Acquired += () =>
        {
            logger.LogInformation("This replica ({Replica}) now schedules jobs", lease.Replica);
            Acquired?.Invoke();
            signals.Schedules.Notify();
            signals.Runs.Notify();
        };
    }

    /// <summary>The jobs lease: decisions of the scheduler and the orchestrator commit through its fenced writes.</summary>
    public LoopLease Lease { get; }

    /// <summary>This replica's name in the lease: unique per process.</summary>
    public string Replica => Lease.Replica;

    public bool IsLeader => Lease.IsHeld;

    /// <summary>When this replica last became leader: schedule times long before it were missed by every replica.</summary>
    public DateTimeOffset LeaderSince => Lease.HeldSince;

    /// <summary>Set each time this replica becomes leader: the scheduler re-reads every job then.</summary>
    public event Action? Acquired;

    /// <summary>Takes or renews the lease; true while this replica holds it (the keeper calls it; tests call it directly).</summary>
    public Task<bool> TryHoldAsync(CancellationToken cancellationToken) => Lease.TryHoldAsync(cancellationToken);
}
