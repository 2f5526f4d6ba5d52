using System.Globalization;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Makes a run of a job inside the caller's transaction (run-now's mutation, or the scheduler's fire), so the run,
/// its active marker and whatever recorded the trigger commit together. A run over the job's max_concurrent_runs is
/// still recorded, as SKIPPED, as Databricks does.
/// </summary>
public static class RunLauncher
{
    /// <param name="scheduledTime">For PERIODIC runs the cron time fired for, else 0.</param>
    public static async Task<Run> LaunchAsync(
        IStoreTransaction transaction, StoredObject jobRow, string trigger, string creator, DateTimeOffset now, long scheduledTime, int missedFires,
        CancellationToken cancellationToken)
    {
        var job = JobRows.ReadJob(jobRow);
        var settings = job.Settings;
        var scope = ObjectKinds.JobScope(job.JobId);
        var active = await transaction.ListAsync(ObjectKinds.JobRunActive, jobRow.AccountId, scope, cancellationToken: cancellationToken);
        var runId = JobIds.New(now);
        while (await transaction.GetAsync(ObjectKinds.JobRun, JobIds.Key(runId), cancellationToken) is not null)
        {
            runId++;
        }
        var run = new Run
        {
            JobId = job.JobId,
            RunId = runId,
            NumberInJob = runId,
            RunName = settings.Name.Length > 0 ? settings.Name : "Untitled",
            CreatorUserName = creator,
            StartTime = now.ToUnixTimeMilliseconds(),
            Trigger = trigger,
            JobClusters = { settings.JobClusters.Select(c => c.Clone()) },
            ScheduledTime = scheduledTime,
            CatchUp = missedFires > 0,
            MissedFires = missedFires,
            TimeoutSeconds = settings.TimeoutSeconds,
            WorkspaceId = job.WorkspaceId,
        };
        for (var i = 0; i < settings.Tasks.Count; i++)
        {
            var task = settings.Tasks[i];
            run.Tasks.Add(new RunTask
            {
                RunId = JobIds.TaskRunId(runId, i),
                TaskKey = task.TaskKey,
                State = new RunState { LifeCycleState = RunStates.Pending },
                DependsOn = { task.DependsOn.Select(d => d.Clone()) },
                ExistingClusterId = task.ExistingClusterId,
                NewCluster = task.NewCluster?.Clone(),
                JobClusterKey = task.JobClusterKey,
                CommandTask = task.CommandTask?.Clone(),
                SparkPythonTask = task.SparkPythonTask?.Clone(),
                TimeoutSeconds = task.TimeoutSeconds,
                MaxRetries = task.MaxRetries,
                MinRetryIntervalMillis = task.MinRetryIntervalMillis,
                RetryOnTimeout = task.RetryOnTimeout,
            });
        }
        if (active.Count >= settings.MaxConcurrentRuns)
        {
            var message = $"Skipped: the job already has {active.Count.ToString(CultureInfo.InvariantCulture)} active run(s) and max_concurrent_runs is {settings.MaxConcurrentRuns.ToString(CultureInfo.InvariantCulture)}.";
            run.State = new RunState { LifeCycleState = RunStates.Skipped, StateMessage = message };
            run.EndTime = run.StartTime;
            foreach (var task in run.Tasks)
            {
                task.State = new RunState { LifeCycleState = RunStates.Skipped, StateMessage = message };
            }
        }
        else
        {
            run.State = new RunState { LifeCycleState = RunStates.Pending, StateMessage = "Waiting for the tasks' clusters." };
            await transaction.InsertAsync(ObjectKinds.JobRunActive, JobIds.Key(runId), jobRow.AccountId, scope, "", "{}", cancellationToken);
        }
        await transaction.InsertAsync(ObjectKinds.JobRun, JobIds.Key(runId), jobRow.AccountId, scope, "", JobRows.Serialize(run), cancellationToken);
        return run;
    }
}
