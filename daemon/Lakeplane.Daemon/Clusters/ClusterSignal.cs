namespace Lakeplane.Daemon.Clusters;

/// <summary>Wakes the reconciler when a cluster changed or a node registered, so it need not poll fast.</summary>
public sealed class ClusterSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every change.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
