using System.Diagnostics;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// Waits for a workspace to settle after a create or update, polling the daemon: quickly at
/// first (a local daemon provisions in about a second), then every two seconds, with a progress
/// line in the log every few seconds so a long wait is visibly alive.
/// </summary>
public static class WorkspaceProvisioning
{
    public enum Outcome { Running, Failed, TimedOut, Stopped, Gone }

    public sealed record Result(Outcome Outcome, Workspace Last);

    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <param name="current">The workspace as the create or update call returned it.</param>
    /// <param name="started">When the operation started: the timeout covers the whole of it.</param>
    public static async Task<Result> WaitForRunningAsync(
        ResourceContext context, Workspace current, TimeSpan timeout, Stopwatch started, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(100);
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            switch (current.WorkspaceStatus)
            {
                case WorkspaceValues.Running:
                    return new Result(Outcome.Running, current);
                case WorkspaceValues.Failed:
                    return new Result(Outcome.Failed, current);
            }
            var remaining = timeout - started.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return new Result(Outcome.TimedOut, current);
            }
            if (started.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = started.Elapsed;
                context.Log($"lakeplane_workspace {current.WorkspaceName} ({current.WorkspaceId}): {current.WorkspaceStatus} after {started.Elapsed.TotalSeconds:0}s, waiting up to {timeout.TotalMinutes:0.#}m for RUNNING");
            }
            try
            {
                await Task.Delay(interval < remaining ? interval : remaining, cancellationToken);
                var request = new GetWorkspaceRequest { AccountId = context.Client.AccountId, WorkspaceId = current.WorkspaceId };
                var next = await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetWorkspaceAsync(request, options).ResponseAsync, cancellationToken);
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
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                return new Result(Outcome.Stopped, current);
            }
            interval = interval * 2 < MaxPollInterval ? interval * 2 : MaxPollInterval;
        }
    }
}
