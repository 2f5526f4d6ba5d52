using System.Globalization;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// The jobs API: jobs (create, get, list, reset, update, delete) and their runs (run-now, get, list, cancel,
/// get-output). Every change is one audited, idempotent mutation; the orchestrator then drives runs and the scheduler
/// fires schedules. Callers need a token of the workspace, or an account admin token.
/// </summary>
public sealed class JobService(IStore store, MutationRunner mutations, TimeProvider time, JobValidation validation, JobSignals signals, RunOutputs outputs)
{
    private const string Kind = ObjectKinds.Job;

    public async Task<CreateJobResponse> CreateAsync(AuthenticatedPrincipal principal, CreateJobRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var settings = validation.Normalise(request.Settings, "");
        var created = await mutations.RunAsync(new Mutation(principal, accountId, "job.create", request.RequestId, request), async transaction =>
        {
            await ClusterRows.RequireRunningWorkspaceAsync(transaction, accountId, request.WorkspaceId, cancellationToken);
            await RequireClustersAsync(transaction, accountId, request.WorkspaceId, settings, "", cancellationToken);
            var now = time.GetUtcNow();
            var jobId = JobIds.New(now);
            while (await transaction.GetAsync(Kind, JobIds.Key(jobId), cancellationToken) is not null)
            {
                jobId++;
            }
            var job = new Job
            {
                JobId = jobId,
                CreatorUserName = principal.UserName,
                Settings = settings,
                CreatedTime = now.ToUnixTimeMilliseconds(),
                WorkspaceId = request.WorkspaceId,
            };
            await transaction.InsertAsync(Kind, JobIds.Key(jobId), accountId, ObjectKinds.WorkspaceScope(request.WorkspaceId), "", JobRows.Serialize(job), cancellationToken);
            return new MutationOutcome<CreateJobResponse>(new CreateJobResponse { JobId = jobId }, Kind, JobIds.Key(jobId), "name=" + settings.Name);
        }, cancellationToken);
        signals.Schedules.Notify();
        return created;
    }

    public Task<Job> GetAsync(AuthenticatedPrincipal principal, GetJobRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync(async reader => JobRows.ReadJob(await JobRows.GetJobAsync(reader, accountId, request.WorkspaceId, request.JobId, cancellationToken)),
            cancellationToken);
    }

    /// <summary>Jobs of the workspace, newest first as Databricks lists them, paged by limit and offset.</summary>
    public async Task<ListJobsResponse> ListAsync(AuthenticatedPrincipal principal, ListJobsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var (limit, offset) = Page(request.Limit, request.Offset, 20, 100, "limit");
        var rows = await store.ReadAsync(reader => reader.ListAsync(Kind, accountId, ObjectKinds.WorkspaceScope(request.WorkspaceId), cancellationToken: cancellationToken),
            cancellationToken);
        var jobs = rows.Select(JobRows.ReadJob)
            .Where(job => request.Name.Length == 0 || job.Settings.Name == request.Name)
            .OrderByDescending(job => job.JobId)
            .ToList();
        var page = jobs.Skip(offset).Take(limit).ToList();
        if (!request.ExpandTasks)
        {
            foreach (var job in page)
            {
                job.Settings.Tasks.Clear();
                job.Settings.JobClusters.Clear();
            }
        }
        return new ListJobsResponse { Jobs = { page }, HasMore = offset + page.Count < jobs.Count };
    }

    public async Task<Job> ResetAsync(AuthenticatedPrincipal principal, ResetJobRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var settings = validation.Normalise(request.NewSettings, "new_settings");
        return await ChangeAsync(principal, accountId, request.WorkspaceId, request.JobId, "job.reset", request.RequestId, request, request.ExpectedVersion,
            _ => settings, cancellationToken);
    }

    /// <summary>Databricks' partial update: the top-level fields given replace the job's; tasks and job clusters given
    /// replace those with the same key and add the others; fields_to_remove drops fields, tasks/&lt;key&gt; and job_clusters/&lt;key&gt;.</summary>
    public async Task<Job> UpdateAsync(AuthenticatedPrincipal principal, UpdateJobRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var given = request.NewSettings ?? new JobSettings();
        return await ChangeAsync(principal, accountId, request.WorkspaceId, request.JobId, "job.update", request.RequestId, request, request.ExpectedVersion, current =>
        {
            var merged = current.Clone();
            for (var i = 0; i < request.FieldsToRemove.Count; i++)
            {
                Remove(merged, request.FieldsToRemove[i], $"fields_to_remove[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
            if (given.Name.Length > 0)
            {
                merged.Name = given.Name;
            }
            if (given.Schedule is not null)
            {
                merged.Schedule = given.Schedule.Clone();
            }
            if (given.MaxConcurrentRuns != 0)
            {
                merged.MaxConcurrentRuns = given.MaxConcurrentRuns;
            }
            if (given.TimeoutSeconds != 0)
            {
                merged.TimeoutSeconds = given.TimeoutSeconds;
            }
            if (given.Tags.Count > 0)
            {
                merged.Tags.Clear();
                merged.Tags.Add(given.Tags);
            }
            foreach (var task in given.Tasks)
            {
                var at = merged.Tasks.ToList().FindIndex(t => t.TaskKey == task.TaskKey);
                if (at >= 0)
                {
                    merged.Tasks[at] = task.Clone();
                }
                else
                {
                    merged.Tasks.Add(task.Clone());
                }
            }
            foreach (var jobCluster in given.JobClusters)
            {
                var at = merged.JobClusters.ToList().FindIndex(c => c.JobClusterKey == jobCluster.JobClusterKey);
                if (at >= 0)
                {
                    merged.JobClusters[at] = jobCluster.Clone();
                }
                else
                {
                    merged.JobClusters.Add(jobCluster.Clone());
                }
            }
            return validation.Normalise(merged, "new_settings");
        }, cancellationToken);
    }

    /// <summary>Deletes the job; its active runs are cancelled (their tasks' processes killed) and its runs stay readable.</summary>
    public async Task<DeleteJobResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteJobRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var response = await mutations.RunAsync(new Mutation(principal, accountId, "job.delete", request.RequestId, request), async transaction =>
        {
            var row = await JobRows.GetJobAsync(transaction, accountId, request.WorkspaceId, request.JobId, cancellationToken);
            foreach (var active in await transaction.ListAsync(ObjectKinds.JobRunActive, accountId, ObjectKinds.JobScope(request.JobId), cancellationToken: cancellationToken))
            {
                await RequestCancelAsync(transaction, active.Id, cancellationToken);
            }
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            return new MutationOutcome<DeleteJobResponse>(new DeleteJobResponse(), Kind, row.Id, "deleted");
        }, cancellationToken);
        signals.Schedules.Notify();
        signals.Runs.Notify();
        return response;
    }

    public async Task<RunNowResponse> RunNowAsync(AuthenticatedPrincipal principal, RunNowRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var requestId = request.RequestId.Length > 0 ? request.RequestId : request.IdempotencyToken.Length > 0 ? "run-now:" + request.IdempotencyToken : "";
        var response = await mutations.RunAsync(new Mutation(principal, accountId, "job.run_now", requestId, request), async transaction =>
        {
            var row = await JobRows.GetJobAsync(transaction, accountId, request.WorkspaceId, request.JobId, cancellationToken);
            var run = await RunLauncher.LaunchAsync(transaction, row, RunStates.TriggerOneTime, principal.UserName, time.GetUtcNow(), 0, 0, cancellationToken);
            return new MutationOutcome<RunNowResponse>(new RunNowResponse { RunId = run.RunId, NumberInJob = run.NumberInJob }, ObjectKinds.JobRun, JobIds.Key(run.RunId),
                $"job_id={request.JobId.ToString(CultureInfo.InvariantCulture)} state={run.State.LifeCycleState}");
        }, cancellationToken);
        signals.Runs.Notify();
        return response;
    }

    public Task<Run> GetRunAsync(AuthenticatedPrincipal principal, GetRunRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync(async reader => (await JobRows.GetRunAsync(reader, accountId, request.WorkspaceId, request.RunId, cancellationToken)).Run, cancellationToken);
    }

    /// <summary>Runs newest first, of one job or of every job of the workspace.</summary>
    public async Task<ListRunsResponse> ListRunsAsync(AuthenticatedPrincipal principal, ListRunsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        if (request.ActiveOnly && request.CompletedOnly)
        {
            throw LakeplaneException.Invalid("active_only", "active_only and completed_only exclude each other: set at most one.");
        }
        var (limit, offset) = Page(request.Limit, request.Offset, 25, 1000, "limit");
        var rows = await store.ReadAsync(async reader =>
        {
            if (request.JobId != 0)
            {
                await JobRows.GetJobAsync(reader, accountId, request.WorkspaceId, request.JobId, cancellationToken);
            }
            return await reader.ListAsync(ObjectKinds.JobRun, accountId, request.JobId != 0 ? ObjectKinds.JobScope(request.JobId) : null, cancellationToken: cancellationToken);
        }, cancellationToken);
        var runs = rows.Select(JobRows.ReadRun)
            .Where(run => run.WorkspaceId == request.WorkspaceId)
            .Where(run => !request.ActiveOnly || !RunStates.IsFinal(run.State.LifeCycleState))
            .Where(run => !request.CompletedOnly || RunStates.IsFinal(run.State.LifeCycleState))
            .OrderByDescending(run => run.RunId)
            .ToList();
        var page = runs.Skip(offset).Take(limit).ToList();
        return new ListRunsResponse { Runs = { page }, HasMore = offset + page.Count < runs.Count };
    }

    /// <summary>Asks for the run to stop: tasks not started are cancelled, running ones have their process group killed.
    /// Cancelling a finished run changes nothing.</summary>
    public async Task<CancelRunResponse> CancelRunAsync(AuthenticatedPrincipal principal, CancelRunRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var response = await mutations.RunAsync(new Mutation(principal, accountId, "job.run_cancel", request.RequestId, request), async transaction =>
        {
            var (row, run, _) = await JobRows.GetRunAsync(transaction, accountId, request.WorkspaceId, request.RunId, cancellationToken);
            var changed = await RequestCancelAsync(transaction, row.Id, cancellationToken);
            return new MutationOutcome<CancelRunResponse>(new CancelRunResponse(), ObjectKinds.JobRun, row.Id, changed ? "cancel requested" : "already " + run.State.LifeCycleState);
        }, cancellationToken);
        signals.Runs.Notify();
        return response;
    }

    public async Task<GetRunOutputResponse> GetRunOutputAsync(AuthenticatedPrincipal principal, GetRunOutputRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var (_, run, taskIndex) = await store.ReadAsync(reader => JobRows.GetRunAsync(reader, accountId, request.WorkspaceId, request.RunId, cancellationToken), cancellationToken);
        if (taskIndex is null && run.Tasks.Count != 1)
        {
            throw LakeplaneException.Invalid("run_id",
                $"Run {request.RunId.ToString(CultureInfo.InvariantCulture)} has {run.Tasks.Count.ToString(CultureInfo.InvariantCulture)} tasks: get the output of one task, by the run_id of runs/get's tasks[].run_id.");
        }
        var task = run.Tasks[taskIndex ?? 0];
        return await outputs.ReadAsync(accountId, run, task, cancellationToken);
    }

    private static async Task<bool> RequestCancelAsync(IStoreTransaction transaction, string runKey, CancellationToken cancellationToken)
    {
        var row = await transaction.GetAsync(ObjectKinds.JobRun, runKey, cancellationToken);
        if (row is null)
        {
            return false;
        }
        var run = JobRows.ReadRun(row);
        if (RunStates.IsFinal(run.State.LifeCycleState) || run.CancelRequested)
        {
            return false;
        }
        run.CancelRequested = true;
        await transaction.UpdateAsync(ObjectKinds.JobRun, row.Id, row.Version, row.Name, JobRows.Serialize(run), cancellationToken);
        return true;
    }

    private async Task<Job> ChangeAsync(
        AuthenticatedPrincipal principal, string accountId, long workspaceId, long jobId, string action, string requestId, Google.Protobuf.IMessage request,
        long expectedVersion, Func<JobSettings, JobSettings> change, CancellationToken cancellationToken)
    {
        var changed = await mutations.RunAsync(new Mutation(principal, accountId, action, requestId, request), async transaction =>
        {
            var row = await JobRows.GetJobAsync(transaction, accountId, workspaceId, jobId, cancellationToken);
            var job = JobRows.ReadJob(row);
            var version = Account.AccountObjects.ExpectedVersion(expectedVersion, row, $"Job {jobId.ToString(CultureInfo.InvariantCulture)}");
            job.Settings = change(job.Settings);
            await RequireClustersAsync(transaction, accountId, workspaceId, job.Settings, "new_settings.", cancellationToken);
            var updated = await transaction.UpdateAsync(Kind, row.Id, version, row.Name, JobRows.Serialize(job), cancellationToken);
            return new MutationOutcome<Job>(JobRows.ReadJob(updated), Kind, row.Id, "name=" + job.Settings.Name);
        }, cancellationToken);
        signals.Schedules.Notify();
        return changed;
    }

    /// <summary>Tasks on an existing cluster must name a cluster of the workspace.</summary>
    private static async Task RequireClustersAsync(IStoreReader reader, string accountId, long workspaceId, JobSettings settings, string path, CancellationToken cancellationToken)
    {
        for (var i = 0; i < settings.Tasks.Count; i++)
        {
            var clusterId = settings.Tasks[i].ExistingClusterId;
            if (clusterId.Length == 0)
            {
                continue;
            }
            var row = await reader.GetAsync(ObjectKinds.Cluster, clusterId, cancellationToken);
            if (row is null || row.AccountId != accountId || row.Scope != ObjectKinds.WorkspaceScope(workspaceId))
            {
                throw LakeplaneException.NotFound($"{path}tasks[{i.ToString(CultureInfo.InvariantCulture)}].existing_cluster_id",
                    $"Task '{settings.Tasks[i].TaskKey}' names existing_cluster_id '{clusterId}', which is not a cluster of this workspace: see clusters/list, or use new_cluster.");
            }
        }
    }

    private static void Remove(JobSettings settings, string field, string at)
    {
        if (field.StartsWith("tasks/", StringComparison.Ordinal))
        {
            var key = field["tasks/".Length..];
            var index = settings.Tasks.ToList().FindIndex(t => t.TaskKey == key);
            if (index < 0)
            {
                throw LakeplaneException.Invalid(at, $"fields_to_remove names task '{key}', which the job does not have.");
            }
            settings.Tasks.RemoveAt(index);
            return;
        }
        if (field.StartsWith("job_clusters/", StringComparison.Ordinal))
        {
            var key = field["job_clusters/".Length..];
            var index = settings.JobClusters.ToList().FindIndex(c => c.JobClusterKey == key);
            if (index < 0)
            {
                throw LakeplaneException.Invalid(at, $"fields_to_remove names job cluster '{key}', which the job does not have.");
            }
            settings.JobClusters.RemoveAt(index);
            return;
        }
        switch (field)
        {
            case "schedule":
                settings.Schedule = null;
                break;
            case "tags":
                settings.Tags.Clear();
                break;
            case "timeout_seconds":
                settings.TimeoutSeconds = 0;
                break;
            case "max_concurrent_runs":
                settings.MaxConcurrentRuns = 0;
                break;
            default:
                throw LakeplaneException.Invalid(at, $"fields_to_remove '{field}' is not removable: name schedule, tags, timeout_seconds, max_concurrent_runs, tasks/<task_key> or job_clusters/<job_cluster_key>.");
        }
    }

    private static (int Limit, int Offset) Page(int limit, int offset, int fallback, int max, string field)
    {
        if (limit < 0 || limit > max)
        {
            throw LakeplaneException.Invalid(field, $"limit {limit.ToString(CultureInfo.InvariantCulture)} is out of range: give 1 to {max.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (offset < 0)
        {
            throw LakeplaneException.Invalid("offset", "offset must be 0 or positive.");
        }
        return (limit == 0 ? fallback : limit, offset);
    }
}
