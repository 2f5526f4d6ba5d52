using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Replication;

namespace Lakeplane.Daemon.Compute;

/// <summary>
/// Keeps the local nodes' endpoint file listing every live replica (from the replica directory in the store), so a node
/// reports to a survivor when the replica it was talking to dies. Every replica writes the same sorted list.
/// </summary>
public sealed class NodeEndpointPublisher(LocalComputeDriver driver, ReplicaDirectory directory, DaemonAddress address, ILogger<NodeEndpointPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, stoppingToken);
                if (!address.IsBound)
                {
                    continue;
                }
                try
                {
                    var urls = await directory.LiveUrlsAsync(stoppingToken);
                    if (urls.Count > 0)
                    {
                        driver.PublishEndpoints(urls);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The store unreachable: the file keeps the last list, which the nodes go on trying.
                    logger.LogDebug("Could not refresh the node endpoint file: {Type}", exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
