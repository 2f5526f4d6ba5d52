using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// Renews this replica's row in the replica directory and takes or renews every loop lease, every third of the shortest
/// lease duration; on a graceful stop hands the leases back and withdraws the replica, so survivors take over at once
/// instead of after an expiry.
/// </summary>
public sealed class LeaseKeeper(LoopLeases leases, ReplicaDirectory directory, DaemonAddress address, ILogger<LeaseKeeper> logger) : BackgroundService
{
    /// <summary>Dead replicas' rows are swept this many rounds apart.</summary>
    private const int SweepEvery = 30;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shortest = leases.All.Min(lease => lease.Duration);
        try
        {
            // Node agents are handed this replica's URL: announce it only once it is known.
            while (!address.IsBound)
            {
                await Task.Delay(20, stoppingToken);
            }
            for (var round = 0; !stoppingToken.IsCancellationRequested; round++)
            {
                try
                {
                    await directory.AnnounceAsync(address.BaseUrl, shortest, stoppingToken);
                    if (round % SweepEvery == SweepEvery - 1)
                    {
                        await directory.ForgetDeadAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning("Could not announce this replica in the store: {Type}", exception.GetType().Name);
                }
                foreach (var lease in leases.All)
                {
                    await lease.TryHoldAsync(stoppingToken);
                }
                await Task.Delay(shortest / 3, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        foreach (var lease in leases.All)
        {
            await lease.ReleaseAsync();
        }
        await directory.WithdrawAsync();
    }
}
