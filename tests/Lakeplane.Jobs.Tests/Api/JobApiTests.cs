using System.Text.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Jobs.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Api;

/// <summary>The jobs API 2.1 over REST and gRPC on one shared lakeplaned: shapes, validation errors that name the
/// field, idempotency, versions and the audit log.</summary>
public sealed class JobApiTests(JobDaemonFixture daemon) : IClassFixture<JobDaemonFixture>
{
    private object Task(string key, string[]? dependsOn = null, object? extra = null) => new Dictionary<string, object?>
    {
        ["task_key"] = key,
        ["existing_cluster_id"] = daemon.Cluster.ClusterId,
        ["command_task"] = new { command = "true" },
        ["depends_on"] = (dependsOn ?? []).Select(d => new { task_key = d }).ToArray(),
    };

    [Fact]
    public async Task Create_Get_List_Update_Reset_Delete_OverRest_InDatabricksShapes()
    {
        var name = Unique.Name("rest-job");
        var (status, created) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", new
        {
            name,
            max_concurrent_runs = 2,
            tags = new Dictionary<string, string> { ["team"] = "data" },
            schedule = new { quartz_cron_expression = "0 15 6 * * ?", timezone_id = "Europe/Amsterdam" },
            tasks = new[] { Task("extract"), Task("load", ["extract"]) },
        });
        Assert.Equal(200, status);
        var jobId = created.GetProperty("job_id").GetInt64();

        var (_, job) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/get?job_id={jobId}");
        Assert.Equal(jobId, job.GetProperty("job_id").GetInt64());
        Assert.Equal("admin", job.GetProperty("creator_user_name").GetString()!.Split('@')[0]);
        var settings = job.GetProperty("settings");
        Assert.Equal(name, settings.GetProperty("name").GetString());
        Assert.Equal("UNPAUSED", settings.GetProperty("schedule").GetProperty("pause_status").GetString());
        Assert.Equal(["extract", "load"], settings.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task_key").GetString()));
        Assert.Equal("extract", settings.GetProperty("tasks")[1].GetProperty("depends_on")[0].GetProperty("task_key").GetString());

        var (_, list) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/list?name={name}");
        Assert.Equal(jobId, Assert.Single(list.GetProperty("jobs").EnumerateArray()).GetProperty("job_id").GetInt64());

        var (updateStatus, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/update", new
        {
            job_id = jobId,
            new_settings = new { schedule = new { quartz_cron_expression = "0 0 7 * * ?", timezone_id = "UTC", pause_status = "PAUSED" } },
            fields_to_remove = new[] { "tags", "tasks/load" },
        });
        Assert.Equal(200, updateStatus);
        var updated = await daemon.Jobs.GetJobAsync(new GetJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId });
        Assert.Equal("PAUSED", updated.Settings.Schedule.PauseStatus);
        Assert.Empty(updated.Settings.Tags);
        Assert.Equal("extract", Assert.Single(updated.Settings.Tasks).TaskKey);
        Assert.Equal(2, updated.Settings.MaxConcurrentRuns);

        var (resetStatus, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/reset", new { job_id = jobId, new_settings = new { name = name + "-reset", tasks = new[] { Task("only") } } });
        Assert.Equal(200, resetStatus);
        var reset = await daemon.Jobs.GetJobAsync(new GetJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId });
        Assert.Null(reset.Settings.Schedule);
        Assert.Equal(1, reset.Settings.MaxConcurrentRuns);
        Assert.True(reset.Version > updated.Version);

        var (deleteStatus, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/delete", new { job_id = jobId });
        Assert.Equal(200, deleteStatus);
        var (goneStatus, gone) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/get?job_id={jobId}");
        Assert.Equal(404, goneStatus);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", gone.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task RunNow_RunsGet_RunsList_RunsGetOutput_RunsCancel_OverRest_InDatabricksShapes()
    {
        var (_, created) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", new
        {
            name = Unique.Name("rest-runs"),
            tasks = new[]
            {
                new { task_key = "hello", existing_cluster_id = daemon.Cluster.ClusterId, command_task = new { command = "echo hello over rest" } },
            },
        });
        var jobId = created.GetProperty("job_id").GetInt64();

        var (runNowStatus, runNow) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/run-now", new { job_id = jobId });
        Assert.Equal(200, runNowStatus);
        var runId = runNow.GetProperty("run_id").GetInt64();
        JsonElement run;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            (_, run) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/runs/get?run_id={runId}");
            if (run.GetProperty("state").GetProperty("life_cycle_state").GetString() == "TERMINATED")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not end: {run}");
            await System.Threading.Tasks.Task.Delay(50);
        }
        Assert.Equal("SUCCESS", run.GetProperty("state").GetProperty("result_state").GetString());
        Assert.Equal(jobId, run.GetProperty("job_id").GetInt64());
        Assert.Equal("ONE_TIME", run.GetProperty("trigger").GetString());
        var taskRun = Assert.Single(run.GetProperty("tasks").EnumerateArray());
        Assert.Equal("hello", taskRun.GetProperty("task_key").GetString());

        var (_, output) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/runs/get-output?run_id={taskRun.GetProperty("run_id").GetInt64()}");
        Assert.Equal("hello over rest\n", output.GetProperty("logs").GetString());

        // A run to cancel: the task sleeps until it is killed.
        var (updateStatus, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/update", new
        {
            job_id = jobId,
            new_settings = new { tasks = new[] { new { task_key = "hello", existing_cluster_id = daemon.Cluster.ClusterId, command_task = new { command = "sleep 300" } } } },
        });
        Assert.Equal(200, updateStatus);
        var (_, second) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/run-now", new { job_id = jobId });
        var secondId = second.GetProperty("run_id").GetInt64();
        var (_, active) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/runs/list?job_id={jobId}&active_only=true");
        Assert.Equal(secondId, Assert.Single(active.GetProperty("runs").EnumerateArray()).GetProperty("run_id").GetInt64());
        var (cancelStatus, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/runs/cancel", new { run_id = secondId });
        Assert.Equal(200, cancelStatus);
        Assert.Equal("CANCELED", (await daemon.WaitForFinalAsync(secondId)).State.ResultState);

        var (_, all) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/runs/list?job_id={jobId}");
        Assert.Equal([secondId, runId], all.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetInt64()));
        var (_, completed) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/runs/list?job_id={jobId}&completed_only=true&limit=1");
        Assert.Single(completed.GetProperty("runs").EnumerateArray());
        Assert.True(completed.GetProperty("has_more").GetBoolean());
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}},{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}}]}""", "tasks[1].task_key", "used by tasks[0] too" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"},"depends_on":[{"task_key":"nope"}]}]}""", "tasks[0].depends_on[0].task_key", "not a task of this job" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"},"depends_on":[{"task_key":"c"}]},{"task_key":"b","existing_cluster_id":"CLUSTER","command_task":{"command":"true"},"depends_on":[{"task_key":"a"}]},{"task_key":"c","existing_cluster_id":"CLUSTER","command_task":{"command":"true"},"depends_on":[{"task_key":"b"}]}]}""", "depends_on", "a -> c -> b -> a" },
        { """{"name":"x","tasks":[{"task_key":"a","command_task":{"command":"true"}}]}""", "tasks[0].existing_cluster_id", "exactly one of existing_cluster_id, new_cluster and job_cluster_key" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","job_cluster_key":"k","command_task":{"command":"true"}}]}""", "tasks[0].existing_cluster_id", "more than one cluster" },
        { """{"name":"x","tasks":[{"task_key":"a","job_cluster_key":"k","command_task":{"command":"true"}}]}""", "tasks[0].job_cluster_key", "not in job_clusters" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER"}]}""", "tasks[0].command_task", "exactly one of command_task and spark_python_task" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"no-such-cluster","command_task":{"command":"true"}}]}""", "tasks[0].existing_cluster_id", "not a cluster of this workspace" },
        { """{"name":"x","schedule":{"quartz_cron_expression":"0 0 25 * * ?"},"tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}}]}""", "schedule.quartz_cron_expression", "is not a Quartz cron expression" },
        { """{"name":"x","schedule":{"quartz_cron_expression":"0 0 6 * * ?","timezone_id":"Mars/Olympus"},"tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}}]}""", "schedule.timezone_id", "not a time zone id" },
        { """{"name":"x","schedule":{"quartz_cron_expression":"0 0 6 * * ?","pause_status":"SLEEPING"},"tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}}]}""", "schedule.pause_status", "PAUSED or UNPAUSED" },
        { """{"name":"x","max_concurrent_runs":-1,"tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","command_task":{"command":"true"}}]}""", "max_concurrent_runs", "out of range" },
        { """{"name":"x","tasks":[{"task_key":"a","existing_cluster_id":"CLUSTER","spark_python_task":{"python_file":"etl.py"}}]}""", "tasks[0].spark_python_task.python_file", "absolute workspace path" },
        { """{"name":"x","job_clusters":[{"job_cluster_key":"k","new_cluster":{"spark_version":"15.4.x-scala2.12","node_type_id":"nope.large","num_workers":0}}],"tasks":[{"task_key":"a","job_cluster_key":"k","command_task":{"command":"true"}}]}""", "job_clusters[0].new_cluster.node_type_id", "nope.large" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Create_WithBadSettings_Is400_NamingTheField(string body, string field, string says)
    {
        var (status, error) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", body.Replace("CLUSTER", daemon.Cluster.ClusterId, StringComparison.Ordinal));
        Assert.True(status is 400 or 404, $"status {status}: {error}");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(says, message, StringComparison.Ordinal);

        var grpc = await Assert.ThrowsAsync<RpcException>(() => daemon.Jobs.CreateJobAsync(new CreateJobRequest
        {
            WorkspaceId = daemon.WorkspaceId,
            Settings = Google.Protobuf.JsonParser.Default.Parse<JobSettings>(body.Replace("CLUSTER", daemon.Cluster.ClusterId, StringComparison.Ordinal)),
        }).ResponseAsync);
        Assert.Contains(says, grpc.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith(field, Lakeplane.Protos.Client.LakeplaneError.Decode(grpc).Field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_RetriedWithTheSameIdempotencyKey_MakesOneJob_AndReusingItForAnotherRequestIsRefused()
    {
        var key = Unique.RequestId();
        var name = Unique.Name("idem");
        var body = new { name, tasks = new[] { Task("a") } };
        var (_, first) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", body, key);
        var (_, second) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", body, key);
        Assert.Equal(first.GetProperty("job_id").GetInt64(), second.GetProperty("job_id").GetInt64());
        var (_, list) = await daemon.RestAsync(HttpMethod.Get, $"/api/2.1/jobs/list?name={name}");
        Assert.Single(list.GetProperty("jobs").EnumerateArray());

        var (status, error) = await daemon.RestAsync(HttpMethod.Post, "/api/2.1/jobs/create", new { name = name + "-other", tasks = new[] { Task("a") } }, key);
        Assert.Equal(400, status);
        Assert.Contains("already used for a different request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_WithAStaleVersion_IsAConflict_AndChangesAreAudited()
    {
        var jobId = await daemon.CreateJobAsync(daemon.CommandJob("true"));
        var job = await daemon.Jobs.GetJobAsync(new GetJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId });
        await daemon.Jobs.ResetJobAsync(new ResetJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId, NewSettings = job.Settings, ExpectedVersion = job.Version });
        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            daemon.Jobs.ResetJobAsync(new ResetJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId, NewSettings = job.Settings, ExpectedVersion = job.Version }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);

        using var http = daemon.Http();
        var audit = await http.GetStringAsync(daemon.AccountPath("audit?limit=1000"));
        Assert.Contains("job.create", audit, StringComparison.Ordinal);
        Assert.Contains("job.reset", audit, StringComparison.Ordinal);
    }
}
