namespace Lakeplane.Daemon.Provisioning;

/// <summary>Wakes the provisioner when a workspace starts provisioning, so it need not poll fast.</summary>
public sealed class ProvisioningSignal
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
            // Already signalled; one wake-up covers every workspace waiting.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
