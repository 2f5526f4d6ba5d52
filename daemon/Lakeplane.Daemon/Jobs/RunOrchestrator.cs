using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Daemon.WorkspaceFiles;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Drives the active runs on the leader replica, round after round, from the store alone (a restarted or newly leading
/// replica carries on where the last left off): starts each task once its dependencies succeeded, on the driver node of
/// its cluster (creating job clusters for the run through the cluster service, and terminating and deleting them after); skips the
/// dependents of a failed task (UPSTREAM_FAILED); retries failed attempts after min_retry_interval_millis up to
/// max_retries; kills attempts on cancel; and settles the run's state when every task is final.
/// </summary>
public sealed class RunOrchestrator(
    IStore store,
    TimeProvider time,
    JobLeadership leadership,
    JobSignals signals,
    NodeTaskSignals nodeSignals,
    JobSettingsOptions options,
    ClusterService clusters,
    IServiceProvider services,
    ILogger<RunOrchestrator> logger) : BackgroundService
{
    /// <summary>A process that outlives its timeout by this much (its agent did not kill it) is killed from here.</summary>
    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (leadership.IsLeader)
                {
                    try
                    {
                        await AdvanceAllAsync(stoppingToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        logger.LogError(exception, "Job run round failed; retrying");
                    }
                }
                await signals.Runs.WaitAsync(options.OrchestratorInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: attempts keep running on their nodes; the next leader picks their runs up.
        }
    }

    public async Task AdvanceAllAsync(CancellationToken cancellationToken)
    {
        var active = await store.ReadAsync(reader => reader.ListAllAsync(ObjectKinds.JobRunActive, cancellationToken: cancellationToken), cancellationToken);
        foreach (var marker in active)
        {
            try
            {
                await AdvanceAsync(marker.Id, cancellationToken);
            }
            catch (StoreVersionConflictException)
            {
                // Changed meanwhile (a cancel, a node's report): look again at once.
                signals.Runs.Notify();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Advancing run {RunId} failed", marker.Id);
            }
        }
    }

    private async Task AdvanceAsync(string runKey, CancellationToken cancellationToken)
    {
        var row = await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.JobRun, runKey, cancellationToken), cancellationToken);
        if (row is null)
        {
            await leadership.Lease.WriteAsync(async t =>
            {
                if (await t.GetAsync(ObjectKinds.JobRunActive, runKey, cancellationToken) is { } stale)
                {
                    await t.DeleteAsync(ObjectKinds.JobRunActive, runKey, stale.Version, cancellationToken);
                }
                return true;
            }, cancellationToken);
            return;
        }
        var run = JobRows.ReadRun(row);
        var now = time.GetUtcNow();
        var work = new RoundWork();
        var system = SystemPrincipal(row.AccountId, run.WorkspaceId);
        var runTimedOut = run.TimeoutSeconds > 0 && now.ToUnixTimeMilliseconds() - run.StartTime > run.TimeoutSeconds * 1000L;
        var stopping = run.CancelRequested || runTimedOut;
        var stopResult = runTimedOut && !run.CancelRequested ? RunStates.TimedOut : RunStates.Canceled;

        // Attempts running: fold in what their nodes reported.
        foreach (var task in run.Tasks.Where(t => t.State.LifeCycleState == RunStates.Running))
        {
            await FoldAttemptAsync(run, task, now, stopping, work, cancellationToken);
        }

        // Tasks not started: start, wait, or skip.
        foreach (var task in run.Tasks.Where(t => t.State.LifeCycleState == RunStates.Pending))
        {
            if (stopping)
            {
                Finish(task, RunStates.Terminated, stopResult, stopResult == RunStates.TimedOut ? "The run timed out before the task started." : "Cancelled before it started.", now);
                continue;
            }
            var blocking = task.DependsOn.Select(d => run.Tasks.First(t => t.TaskKey == d.TaskKey)).FirstOrDefault(d => RunStates.IsFinal(d.State.LifeCycleState) && d.State.ResultState != RunStates.Success);
            if (blocking is not null)
            {
                Finish(task, RunStates.Skipped, RunStates.UpstreamFailed, $"Upstream task '{blocking.TaskKey}' {blocking.State.ResultState.ToLowerInvariant()}: this task did not run.", now);
                continue;
            }
            if (!task.DependsOn.All(d => run.Tasks.First(t => t.TaskKey == d.TaskKey).State.ResultState == RunStates.Success) || task.RetryNotBefore > now.ToUnixTimeMilliseconds())
            {
                continue;
            }
            await TryStartAsync(row.AccountId, run, task, system, now, work, cancellationToken);
        }

        var final = run.Tasks.All(t => RunStates.IsFinal(t.State.LifeCycleState));
        if (final)
        {
            foreach (var (key, clusterId) in run.JobClusterIds)
            {
                await DeleteJobClusterAsync(system, run, key, clusterId, cancellationToken);
            }
            run.State = Settle(run, stopping ? stopResult : null);
            run.EndTime = now.ToUnixTimeMilliseconds();
            run.ExecutionDuration = run.Tasks.Sum(t => t.ExecutionDuration);
        }
        else
        {
            var anyRunning = run.Tasks.Any(t => t.State.LifeCycleState == RunStates.Running);
            run.State.LifeCycleState = anyRunning ? RunStates.Running : RunStates.Pending;
            run.State.StateMessage = stopping ? "Stopping: killing the running tasks." : anyRunning ? "" : run.State.StateMessage;
        }

        var committed = await leadership.Lease.WriteAsync(async transaction =>
        {
            var current = await transaction.GetAsync(ObjectKinds.JobRun, runKey, cancellationToken);
            if (current is null || current.Version != row.Version)
            {
                return false;
            }
            foreach (var assignment in work.NewAssignments)
            {
                await transaction.InsertAsync(ObjectKinds.JobTaskAssignment, assignment.AssignmentId, row.AccountId, ObjectKinds.NodeScope(assignment.NodeId), "",
                    assignment.Serialize(), cancellationToken);
            }
            foreach (var (assignmentId, changed) in work.ChangedAssignments)
            {
                var stored = await transaction.GetAsync(ObjectKinds.JobTaskAssignment, assignmentId, cancellationToken);
                if (stored is not null)
                {
                    await transaction.UpdateAsync(ObjectKinds.JobTaskAssignment, assignmentId, stored.Version, "", changed(TaskAssignment.Read(stored.Body)).Serialize(),
                        cancellationToken);
                }
            }
            foreach (var assignmentId in work.DoneAssignments)
            {
                if (await transaction.GetAsync(ObjectKinds.JobTaskAssignment, assignmentId, cancellationToken) is { } done)
                {
                    await transaction.DeleteAsync(ObjectKinds.JobTaskAssignment, assignmentId, done.Version, cancellationToken);
                }
            }
            await transaction.UpdateAsync(ObjectKinds.JobRun, runKey, current.Version, current.Name, JobRows.Serialize(run), cancellationToken);
            if (final && await transaction.GetAsync(ObjectKinds.JobRunActive, runKey, cancellationToken) is { } marker)
            {
                await transaction.DeleteAsync(ObjectKinds.JobRunActive, runKey, marker.Version, cancellationToken);
            }
            return true;
        }, cancellationToken);
        if (!committed)
        {
            signals.Runs.Notify();
            return;
        }
        foreach (var node in work.NodesToWake)
        {
            nodeSignals.Notify(node);
        }
        if (work.LookAgainSoon)
        {
            signals.Runs.Notify();
        }
    }

    /// <summary>Reads the attempt of a running task and, when it ended, moves the task on: done, retried, or failed.</summary>
    private async Task FoldAttemptAsync(Run run, RunTask task, DateTimeOffset now, bool stopping, RoundWork work, CancellationToken cancellationToken)
    {
        var assignmentId = TaskAssignment.IdOf(task.RunId, task.AttemptNumber);
        var (assignmentRow, nodeRow) = await store.ReadAsync(async reader =>
            (await reader.GetAsync(ObjectKinds.JobTaskAssignment, assignmentId, cancellationToken),
             task.NodeId.Length == 0 ? null : await reader.GetAsync(ObjectKinds.ClusterNode, task.NodeId, cancellationToken)), cancellationToken);
        if (assignmentRow is null)
        {
            AttemptFailed(task, now, -1, RunStates.Failed, "The task's attempt record is gone: it was lost.", work);
            return;
        }
        var assignment = TaskAssignment.Read(assignmentRow.Body);
        if (assignment.StartedAt > 0 && task.StartTime == 0)
        {
            task.StartTime = assignment.StartedAt;
        }
        if (assignment.State == TaskAssignment.Exited)
        {
            work.DoneAssignments.Add(assignmentId);
            task.EndTime = assignment.EndedAt > 0 ? assignment.EndedAt : now.ToUnixTimeMilliseconds();
            task.ExitCode = assignment.ExitCode;
            if (task.StartTime > 0)
            {
                task.ExecutionDuration += Math.Max(0, task.EndTime - task.StartTime);
            }
            switch (assignment.Outcome)
            {
                case TaskAssignment.OutcomeExited when assignment.ExitCode == 0:
                    Finish(task, RunStates.Terminated, RunStates.Success, "", now);
                    break;
                case TaskAssignment.OutcomeKilled:
                    Finish(task, RunStates.Terminated, RunStates.Canceled, "Cancelled: its process group was killed.", now);
                    break;
                case TaskAssignment.OutcomeTimedOut:
                    AttemptFailed(task, now, assignment.ExitCode, RunStates.TimedOut,
                        $"Timed out after {task.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s: its process group was killed.", work, retry: task.RetryOnTimeout && !stopping);
                    break;
                case TaskAssignment.OutcomeFailedToStart:
                    AttemptFailed(task, now, -1, RunStates.Failed, "The process did not start: " + assignment.Message, work, retry: !stopping);
                    break;
                default:
                    AttemptFailed(task, now, assignment.ExitCode, RunStates.Failed,
                        $"The process exited with code {assignment.ExitCode.ToString(CultureInfo.InvariantCulture)}.", work, retry: !stopping);
                    break;
            }
            return;
        }
        if (nodeRow is null)
        {
            work.DoneAssignments.Add(assignmentId);
            AttemptFailed(task, now, -1, RunStates.Failed,
                $"Node {task.NodeId} went away while the task ran: its cluster was terminated, or lost the node (its agent died or stopped answering; see the cluster's events). The task's processes ended with the node.",
                work, retry: !stopping);
            return;
        }
        var overdue = task.TimeoutSeconds > 0 && assignment.StartedAt > 0
                      && now.ToUnixTimeMilliseconds() > assignment.StartedAt + task.TimeoutSeconds * 1000L + (long)TimeoutGrace.TotalMilliseconds;
        if ((stopping || overdue) && !assignment.KillRequested)
        {
            work.ChangedAssignments.Add((assignmentId, a => a with { KillRequested = true }));
            work.NodesToWake.Add(assignment.NodeId);
            if (assignment.State == TaskAssignment.Assigned)
            {
                // Never handed out: nothing to kill.
                work.DoneAssignments.Add(assignmentId);
                Finish(task, RunStates.Terminated, RunStates.Canceled, "Cancelled before its process started.", now);
            }
        }
    }

    /// <summary>A failed attempt: retried (back to PENDING after min_retry_interval_millis) while retries are left, else final.</summary>
    private static void AttemptFailed(RunTask task, DateTimeOffset now, int exitCode, string result, string message, RoundWork work, bool retry = true)
    {
        task.ExitCode = exitCode;
        var retriesLeft = task.MaxRetries == -1 || task.AttemptNumber < task.MaxRetries;
        if (retry && retriesLeft)
        {
            task.AttemptNumber++;
            task.State = new RunState
            {
                LifeCycleState = RunStates.Pending,
                StateMessage = $"Attempt {task.AttemptNumber.ToString(CultureInfo.InvariantCulture)} failed ({message}); retrying" +
                               (task.MinRetryIntervalMillis > 0 ? $" after {task.MinRetryIntervalMillis.ToString(CultureInfo.InvariantCulture)} ms." : "."),
            };
            task.RetryNotBefore = now.ToUnixTimeMilliseconds() + task.MinRetryIntervalMillis;
            task.StartTime = 0;
            task.NodeId = "";
            work.LookAgainSoon = true;
            return;
        }
        Finish(task, RunStates.Terminated, result, message, now);
    }

    private async Task TryStartAsync(string accountId, Run run, RunTask task, AuthenticatedPrincipal system, DateTimeOffset now, RoundWork work, CancellationToken cancellationToken)
    {
        string clusterId;
        try
        {
            clusterId = await ClusterForAsync(system, run, task, cancellationToken);
        }
        catch (LakeplaneException exception)
        {
            Finish(task, RunStates.InternalError, RunStates.Failed, "Could not get a cluster for the task: " + exception.Message, now);
            return;
        }
        var (clusterRow, nodeRows) = await store.ReadAsync(async reader =>
            (await reader.GetAsync(ObjectKinds.Cluster, clusterId, cancellationToken),
             await reader.ListAsync(ObjectKinds.ClusterNode, accountId, ObjectKinds.ClusterScope(clusterId), cancellationToken: cancellationToken)), cancellationToken);
        if (clusterRow is null)
        {
            Finish(task, RunStates.InternalError, RunStates.Failed, $"Cluster {clusterId} no longer exists.", now);
            return;
        }
        var cluster = AccountObjects.Materialise<Cluster>(clusterRow);
        task.ClusterInstance = new ClusterInstance { ClusterId = clusterId };
        switch (cluster.State)
        {
            case ClusterStates.Terminated when task.ExistingClusterId.Length > 0:
                await clusters.StartAsync(system, new StartClusterRequest
                {
                    WorkspaceId = run.WorkspaceId, ClusterId = clusterId, RequestId = $"job-task-{task.RunId.ToString(CultureInfo.InvariantCulture)}-{task.AttemptNumber.ToString(CultureInfo.InvariantCulture)}-start",
                }, cancellationToken);
                task.State.StateMessage = $"Starting cluster {clusterId}.";
                return;
            case ClusterStates.Terminated or ClusterStates.Error or ClusterStates.Terminating:
                Finish(task, RunStates.InternalError, RunStates.Failed, $"Cluster {clusterId} is {cluster.State}: {cluster.StateMessage}", now);
                return;
            case ClusterStates.Running or ClusterStates.Resizing:
                break;
            default:
                task.State.StateMessage = $"Waiting for cluster {clusterId} ({cluster.State}).";
                return;
        }
        var driver = nodeRows.Select(r => NodeRecord.Read(r.Body)).FirstOrDefault(n => n.IsDriver && n.RegisteredAt > 0);
        if (driver is null)
        {
            task.State.StateMessage = $"Waiting for the driver node of cluster {clusterId}.";
            return;
        }
        TaskAssignment assignment;
        try
        {
            assignment = await AssignmentAsync(accountId, run, task, clusterId, driver.NodeId, now, cancellationToken);
        }
        catch (LakeplaneException exception)
        {
            Finish(task, RunStates.InternalError, RunStates.Failed, exception.Message, now);
            return;
        }
        work.NewAssignments.Add(assignment);
        work.NodesToWake.Add(driver.NodeId);
        task.NodeId = driver.NodeId;
        task.State = new RunState { LifeCycleState = RunStates.Running, StateMessage = $"Running on the driver node of cluster {clusterId}." };
    }

    private async Task<TaskAssignment> AssignmentAsync(string accountId, Run run, RunTask task, string clusterId, string nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var assignment = new TaskAssignment
        {
            AssignmentId = TaskAssignment.IdOf(task.RunId, task.AttemptNumber),
            AccountId = accountId,
            WorkspaceId = run.WorkspaceId,
            RunId = run.RunId,
            TaskRunId = task.RunId,
            TaskKey = task.TaskKey,
            Attempt = task.AttemptNumber,
            ClusterId = clusterId,
            NodeId = nodeId,
            TimeoutSeconds = task.TimeoutSeconds,
            AssignedAt = now.ToUnixTimeMilliseconds(),
        };
        if (task.CommandTask is { } command)
        {
            return assignment with { TaskType = "command", Command = command.Command, Parameters = [.. command.Parameters], Env = new Dictionary<string, string>(command.Env) };
        }
        var python = task.SparkPythonTask!;
        var reader = services.GetService<IWorkspaceFileReader>()
                     ?? throw LakeplaneException.Invalid("spark_python_task.python_file", "This lakeplaned serves no workspace files, so spark_python_task cannot read its python_file.");
        var file = await reader.ReadAsync(accountId, run.WorkspaceId, python.PythonFile, "spark_python_task.python_file", cancellationToken);
        return assignment with
        {
            TaskType = "python",
            PythonFile = python.PythonFile,
            PythonSource = Convert.ToBase64String(file.Content),
            Parameters = [.. python.Parameters],
        };
    }

    /// <summary>The task's cluster: its existing cluster, or the run's job cluster (created now, through the cluster
    /// service, under a request id derived from the run, so a retried round never creates a second one).</summary>
    private async Task<string> ClusterForAsync(AuthenticatedPrincipal system, Run run, RunTask task, CancellationToken cancellationToken)
    {
        if (task.ExistingClusterId.Length > 0)
        {
            return task.ExistingClusterId;
        }
        var key = task.JobClusterKey.Length > 0 ? task.JobClusterKey : "task_" + task.TaskKey;
        if (run.JobClusterIds.TryGetValue(key, out var known))
        {
            return known;
        }
        var spec = task.NewCluster ?? run.JobClusters.First(c => c.JobClusterKey == task.JobClusterKey).NewCluster;
        var runId = run.RunId.ToString(CultureInfo.InvariantCulture);
        var created = await clusters.CreateAsync(system,
            JobClusters.AsCreateRequest(spec, run.WorkspaceId, $"job-{run.JobId.ToString(CultureInfo.InvariantCulture)}-run-{runId}-{key}", $"job-run-{runId}-cluster-{key}"),
            cancellationToken);
        run.JobClusterIds[key] = created.ClusterId;
        return created.ClusterId;
    }

    /// <summary>A job cluster's end, as Databricks does it: terminated, then deleted for good, so job clusters do not
    /// pile up in clusters/list. Its nodes go with it (the cluster reconciler stops the nodes of a cluster that is gone).
    /// Request ids derived from the run make a repeated round (a lost commit) change nothing.</summary>
    private async Task DeleteJobClusterAsync(AuthenticatedPrincipal system, Run run, string key, string clusterId, CancellationToken cancellationToken)
    {
        var requestId = $"job-run-{run.RunId.ToString(CultureInfo.InvariantCulture)}-cluster-{key}";
        try
        {
            await clusters.TerminateAsync(system, new DeleteClusterRequest { WorkspaceId = run.WorkspaceId, ClusterId = clusterId, RequestId = requestId + "-terminate" },
                cancellationToken);
            await clusters.PermanentDeleteAsync(system,
                new PermanentDeleteClusterRequest { WorkspaceId = run.WorkspaceId, ClusterId = clusterId, RequestId = requestId + "-permanent-delete" }, cancellationToken);
        }
        catch (LakeplaneException exception) when (exception.Code == ErrorCode.ResourceDoesNotExist)
        {
            // Deleted by someone already.
        }
    }

    /// <summary>The run's result once every task is final: SUCCESS when all succeeded, else the first failure's kind.</summary>
    private static RunState Settle(Run run, string? stopResult)
    {
        if (stopResult is not null)
        {
            return new RunState
            {
                LifeCycleState = RunStates.Terminated, ResultState = stopResult, UserCancelledOrTimedout = true,
                StateMessage = stopResult == RunStates.TimedOut ? "The run timed out." : "The run was cancelled.",
            };
        }
        var failed = run.Tasks.FirstOrDefault(t => t.State.ResultState != RunStates.Success && t.State.ResultState != RunStates.UpstreamFailed)
                     ?? run.Tasks.FirstOrDefault(t => t.State.ResultState != RunStates.Success);
        if (failed is null)
        {
            return new RunState { LifeCycleState = RunStates.Terminated, ResultState = RunStates.Success };
        }
        var result = failed.State.ResultState == RunStates.TimedOut ? RunStates.TimedOut : RunStates.Failed;
        var internalError = run.Tasks.Any(t => t.State.LifeCycleState == RunStates.InternalError);
        return new RunState
        {
            LifeCycleState = internalError ? RunStates.InternalError : RunStates.Terminated,
            ResultState = result,
            StateMessage = $"Task {failed.TaskKey} {failed.State.ResultState.ToLowerInvariant()}: {failed.State.StateMessage}",
        };
    }

    private static void Finish(RunTask task, string lifeCycleState, string resultState, string message, DateTimeOffset now)
    {
        task.State = new RunState
        {
            LifeCycleState = lifeCycleState, ResultState = resultState, StateMessage = message,
            UserCancelledOrTimedout = resultState is RunStates.Canceled or RunStates.TimedOut,
        };
        if (task.EndTime == 0)
        {
            task.EndTime = now.ToUnixTimeMilliseconds();
        }
        task.RetryNotBefore = 0;
    }

    /// <summary>Runs and clusters of a workspace are driven as this principal: a workspace-scoped service identity.</summary>
    private static AuthenticatedPrincipal SystemPrincipal(string accountId, long workspaceId) =>
        new("lakeplaned-job-scheduler", JobScheduler.Actor, JobScheduler.Actor, "service_principal", accountId, workspaceId, false, "");

    /// <summary>What one round over a run writes with it.</summary>
    private sealed class RoundWork
    {
        public List<TaskAssignment> NewAssignments { get; } = [];
        public List<(string Id, Func<TaskAssignment, TaskAssignment> Change)> ChangedAssignments { get; } = [];
        public List<string> DoneAssignments { get; } = [];
        public HashSet<string> NodesToWake { get; } = new(StringComparer.Ordinal);
        public bool LookAgainSoon { get; set; }
    }
}
