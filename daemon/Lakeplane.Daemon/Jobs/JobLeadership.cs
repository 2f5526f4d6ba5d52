using System.Text.Json;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Which replica schedules and orchestrates runs: the holder of one lease row in the store (kind scheduler_lease),
/// taken when it is free or expired and renewed every third of <see cref="JobSettingsOptions.LeaseDuration"/>. A
/// replica counts itself leader only until its last successful renewal plus the lease duration, so when it loses the
/// store it stops before another can take over. Fires are idempotent anyway (one row per job and cron time), so even a
/// brief overlap cannot fire a time twice.
/// </summary>
public sealed class JobLeadership(IStore store, TimeProvider time, JobSettingsOptions options, JobSignals signals, ILogger<JobLeadership> logger) : BackgroundService
{
    private const string LeaseId = "jobs";

    private long _leaderUntilTicks;

    /// <summary>This replica's name in the lease: unique per process.</summary>
    public string Replica { get; } = Environment.MachineName + ":" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];

    public bool IsLeader => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _leaderUntilTicks);

    /// <summary>When this replica last became leader: schedule times long before it were missed by every replica.</summary>
    public DateTimeOffset LeaderSince { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>Set each time this replica becomes leader: the scheduler re-reads every job then.</summary>
    public event Action? Acquired;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await TryHoldAsync(stoppingToken);
                await Task.Delay(options.LeaseDuration / 3, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        await ReleaseAsync();
    }

    /// <summary>Takes or renews the lease; true while this replica holds it.</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        var wasLeader = IsLeader;
        var started = time.GetUtcNow();
        bool held;
        try
        {
            held = await store.WriteAsync(async transaction =>
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var lease = new SchedulerLeaseRecord(Replica, now + (long)options.LeaseDuration.TotalMilliseconds, now);
                var row = await transaction.GetAsync(ObjectKinds.SchedulerLease, LeaseId, cancellationToken);
                if (row is null)
                {
                    await transaction.InsertAsync(ObjectKinds.SchedulerLease, LeaseId, "", ObjectKinds.AccountScope, "", Serialize(lease), cancellationToken);
                    return true;
                }
                var current = JsonSerializer.Deserialize(row.Body, JobJsonContext.Default.SchedulerLeaseRecord)!;
                if (current.Holder != Replica && current.ExpiresAt > now)
                {
                    return false;
                }
                await transaction.UpdateAsync(ObjectKinds.SchedulerLease, LeaseId, row.Version, "",
                    Serialize(current.Holder == Replica ? lease with { AcquiredAt = current.AcquiredAt } : lease), cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (StoreException exception)
        {
            logger.LogWarning("Could not renew the job scheduler lease: {Message}", exception.Message);
            held = false;
        }
        if (held)
        {
            // Counted from before the write: the store's copy can only expire later than ours.
            Interlocked.Exchange(ref _leaderUntilTicks, (started + options.LeaseDuration).UtcTicks);
            if (!wasLeader)
            {
                LeaderSince = started;
                logger.LogInformation("This replica ({Replica}) now schedules jobs", Replica);
                Acquired?.Invoke();
                signals.Schedules.Notify();
                signals.Runs.Notify();
            }
        }
        else if (wasLeader)
        {
            Interlocked.Exchange(ref _leaderUntilTicks, 0);
            logger.LogWarning("This replica ({Replica}) lost the job scheduler lease", Replica);
        }
        return held;
    }

    /// <summary>On a graceful stop the lease is handed back at once, so another replica need not wait for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        if (!IsLeader)
        {
            return;
        }
        Interlocked.Exchange(ref _leaderUntilTicks, 0);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.WriteAsync(async transaction =>
            {
                var row = await transaction.GetAsync(ObjectKinds.SchedulerLease, LeaseId, timeout.Token);
                if (row is not null && JsonSerializer.Deserialize(row.Body, JobJsonContext.Default.SchedulerLeaseRecord)!.Holder == Replica)
                {
                    await transaction.DeleteAsync(ObjectKinds.SchedulerLease, LeaseId, row.Version, timeout.Token);
                }
                return true;
            }, timeout.Token);
        }
        catch (Exception exception) when (exception is StoreException or OperationCanceledException)
        {
            // It expires by itself.
        }
    }

    private static string Serialize(SchedulerLeaseRecord lease) => JsonSerializer.Serialize(lease, JobJsonContext.Default.SchedulerLeaseRecord);
}
