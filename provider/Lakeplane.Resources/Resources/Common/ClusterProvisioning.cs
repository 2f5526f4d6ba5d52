using System.Diagnostics;
using Grpc.Core;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// Waits for a cluster to reach a state after a create, start, edit or terminate, polling the
/// daemon: quickly at first (local nodes start in about a second), then every two seconds, with
/// a progress line in the log every few seconds so a long wait is visibly alive.
/// </summary>
public static class ClusterProvisioning
{
    public enum Outcome
    {
        /// <summary>The cluster reached the state waited for.</summary>
        Reached,

        /// <summary>The cluster went where it cannot come back from by itself (ERROR, or TERMINATED while waiting for RUNNING).</summary>
        Failed,
        TimedOut,

        /// <summary>Terraform or Pulumi asked the provider to stop.</summary>
        Stopped,

        /// <summary>The cluster was deleted by someone else meanwhile.</summary>
        Gone,
    }

    public sealed record Result(Outcome Outcome, Cluster Last);

    private static readonly TimeSpan FirstPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Until RUNNING. PENDING, RESTARTING and RESIZING are on the way; ERROR, TERMINATING and TERMINATED are not.</summary>
    public static Task<Result> WaitForRunningAsync(
        ResourceContext context, Cluster current, TimeSpan timeout, Stopwatch started, CancellationToken cancellationToken) =>
        WaitAsync(context, current, ClusterValues.Running, state => state switch
        {
            ClusterValues.Running => Outcome.Reached,
            ClusterValues.Error or ClusterValues.Terminating or ClusterValues.Terminated => Outcome.Failed,
            _ => null,
        }, timeout, started, cancellationToken);

    /// <summary>Until TERMINATED: every node is gone then.</summary>
    public static Task<Result> WaitForTerminatedAsync(
        ResourceContext context, Cluster current, TimeSpan timeout, Stopwatch started, CancellationToken cancellationToken) =>
        WaitAsync(context, current, ClusterValues.Terminated, state => state == ClusterValues.Terminated ? Outcome.Reached : null,
            timeout, started, cancellationToken);

    /// <param name="current">The cluster as the last call returned it.</param>
    /// <param name="settled">The outcome a state means, or null to keep waiting.</param>
    /// <param name="started">When the operation started: the timeout covers the whole of it.</param>
    private static async Task<Result> WaitAsync(
        ResourceContext context, Cluster current, string target, Func<string, Outcome?> settled, TimeSpan timeout, Stopwatch started,
        CancellationToken cancellationToken)
    {
        var interval = FirstPollInterval;
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            if (settled(current.State) is { } outcome)
            {
                return new Result(outcome, current);
            }
            var remaining = timeout - started.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return new Result(Outcome.TimedOut, current);
            }
            if (started.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = started.Elapsed;
                context.Log($"lakeplane_cluster {ClusterValues.Describe(current)}: {current.State} after {started.Elapsed.TotalSeconds:0}s " +
                            $"({ClusterValues.RunningWorkers(current)} of {current.TargetNumWorkers} workers up), waiting up to {timeout.TotalMinutes:0.#}m for {target}");
            }
            try
            {
                await Task.Delay(interval < remaining ? interval : remaining, cancellationToken);
                var next = await ClusterCalls.GetAsync(context, current.WorkspaceId, current.ClusterId, cancellationToken);
                if (next is null)
                {
                    return new Result(Outcome.Gone, current);
                }
                current = next;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new Result(Outcome.Stopped, current);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                return new Result(Outcome.Stopped, current);
            }
            interval = interval * 2 < MaxPollInterval ? interval * 2 : MaxPollInterval;
        }
    }
}
