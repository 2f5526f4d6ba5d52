namespace Lakeplane.Daemon.Jobs;

/// <summary>Wakes the scheduler when jobs changed and the orchestrator when runs or their tasks did, so neither polls fast.</summary>
public sealed class JobSignals
{
    public WakeUp Schedules { get; } = new();

    public WakeUp Runs { get; } = new();

    public sealed class WakeUp
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

        /// <summary>True when woken, false when the timeout passed.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
    }
}
