using System.Collections.Concurrent;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Wakes a node's long poll the moment the orchestrator of this daemon assigns it work or asks a kill, so a task
/// starts within milliseconds of being due. A poll served by another replica finds the work on its next look at the
/// store (<see cref="JobSettingsOptions.OrchestratorInterval"/>).
/// </summary>
public sealed class NodeTaskSignals
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _nodes = new(StringComparer.Ordinal);

    public void Notify(string nodeId)
    {
        try
        {
            For(nodeId).Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(string nodeId, TimeSpan timeout, CancellationToken cancellationToken) => For(nodeId).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim For(string nodeId) => _nodes.GetOrAdd(nodeId, _ => new SemaphoreSlim(0, 1));
}
