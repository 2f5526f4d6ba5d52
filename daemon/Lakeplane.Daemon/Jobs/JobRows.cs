using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// How jobs and runs are kept: a job row (kind job, scope workspace:&lt;id&gt;), a row per run (kind job_run, scope
/// job:&lt;id&gt;, body the Run as runs/get shows it), and while a run is not final a small job_run_active row in the
/// same scope: what max_concurrent_runs counts and what the orchestrator walks, without reading finished runs.
/// </summary>
public static class JobRows
{
    public static async Task<StoredObject> GetJobAsync(IStoreReader reader, string accountId, long workspaceId, long jobId, CancellationToken cancellationToken)
    {
        if (jobId <= 0)
        {
            throw LakeplaneException.Invalid("job_id", "job_id is required: the id jobs/create returned (see jobs/list).");
        }
        var row = await reader.GetAsync(ObjectKinds.Job, JobIds.Key(jobId), cancellationToken);
        if (row is null || row.AccountId != accountId || row.Scope != ObjectKinds.WorkspaceScope(workspaceId))
        {
            throw LakeplaneException.NotFound("job_id", $"No job with job_id {jobId.ToString(CultureInfo.InvariantCulture)} in this workspace: check the id, or list the jobs to find it.");
        }
        return row;
    }

    /// <summary>The run a run id or task run id names, in the workspace; RESOURCE_DOES_NOT_EXIST naming run_id otherwise.</summary>
    public static async Task<(StoredObject Row, Run Run, int? TaskIndex)> GetRunAsync(IStoreReader reader, string accountId, long workspaceId, long runId, CancellationToken cancellationToken)
    {
        if (runId <= 0)
        {
            throw LakeplaneException.Invalid("run_id", "run_id is required: the id run-now returned (see runs/list).");
        }
        var split = JobIds.SplitTaskRunId(runId);
        var row = await reader.GetAsync(ObjectKinds.JobRun, JobIds.Key(split?.RunId ?? runId), cancellationToken);
        Run? run = row is null ? null : ReadRun(row);
        if (row is null || run is null || row.AccountId != accountId || run.WorkspaceId != workspaceId || (split is { } s && s.TaskIndex >= run.Tasks.Count))
        {
            throw LakeplaneException.NotFound("run_id", $"No run with run_id {runId.ToString(CultureInfo.InvariantCulture)} in this workspace: check the id, or list the runs to find it.");
        }
        return (row, run, split?.TaskIndex);
    }

    public static Run ReadRun(StoredObject row) => AccountObjects.Materialise<Run>(row);

    public static Job ReadJob(StoredObject row) => AccountObjects.Materialise<Job>(row);

    /// <summary>The body kept in the store: without the version (the row has it).</summary>
    public static string Serialize(Run run)
    {
        var stored = run.Clone();
        stored.Version = 0;
        return ProtoBodies.Serialize(stored);
    }

    public static string Serialize(Job job)
    {
        var stored = job.Clone();
        stored.Version = 0;
        return ProtoBodies.Serialize(stored);
    }
}
