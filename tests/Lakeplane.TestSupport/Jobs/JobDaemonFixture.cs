using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Support;

/// <summary>
/// A lakeplaned with a RUNNING workspace and one RUNNING cluster (a driver node agent, no workers) that the tests'
/// jobs run on, shared by a test class. Task output is cut at <see cref="OutputLimitBytes"/> so truncation is cheap to
/// see; schedule times missed by more than <see cref="MisfireMilliseconds"/> collapse into one catch-up.
/// </summary>
public class JobDaemonFixture : ClusterDaemonFixture
{
    public const int OutputLimitBytes = 4096;
    public const int MisfireMilliseconds = 1500;

    public Cluster Cluster { get; private set; } = null!;

    public JobsService.JobsServiceClient Jobs => Lakeplane.Jobs;

    protected override IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(base.Environment)
            {
                ["LAKEPLANE_JOBS_OUTPUT_LIMIT_BYTES"] = OutputLimitBytes.ToString(CultureInfo.InvariantCulture),
                ["LAKEPLANE_JOBS_MISFIRE_MS"] = MisfireMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["LAKEPLANE_JOBS_LEASE_MS"] = "3000",
                ["LAKEPLANE_JOBS_POLL_MS"] = "250",
            };
            return environment;
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        try
        {
            var created = await Clusters.CreateClusterAsync(NewCluster(numWorkers: 0));
            Cluster = await WaitForStateAsync(created.ClusterId, "RUNNING");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A job of one command task on the shared cluster.</summary>
    public JobSettings CommandJob(string command, Action<JobTask>? configure = null, string taskKey = "main")
    {
        var task = CommandTask(taskKey, command);
        configure?.Invoke(task);
        return new JobSettings { Name = Unique.Name("job"), Tasks = { task } };
    }

    public JobTask CommandTask(string taskKey, string command, params string[] dependsOn) => new()
    {
        TaskKey = taskKey,
        ExistingClusterId = Cluster.ClusterId,
        CommandTask = new CommandTask { Command = command },
        DependsOn = { dependsOn.Select(key => new TaskDependency { TaskKey = key }) },
    };

    public async Task<long> CreateJobAsync(JobSettings settings) =>
        (await Jobs.CreateJobAsync(new CreateJobRequest { WorkspaceId = WorkspaceId, Settings = settings, RequestId = Unique.RequestId() })).JobId;

    public async Task<long> RunNowAsync(long jobId) =>
        (await Jobs.RunNowAsync(new RunNowRequest { WorkspaceId = WorkspaceId, JobId = jobId, RequestId = Unique.RequestId() })).RunId;

    public async Task<Run> GetRunAsync(long runId) => await Jobs.GetRunAsync(new GetRunRequest { WorkspaceId = WorkspaceId, RunId = runId });

    public async Task<GetRunOutputResponse> OutputAsync(long taskRunId) =>
        await Jobs.GetRunOutputAsync(new GetRunOutputRequest { WorkspaceId = WorkspaceId, RunId = taskRunId });

    /// <summary>Polls the run until <paramref name="done"/> holds; fails with the run as last seen.</summary>
    public async Task<Run> WaitForRunAsync(long runId, Func<Run, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await GetRunAsync(runId);
            if (done(run))
            {
                return run;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Run {runId} never got {what}: {run}\n{Daemon.Stderr}");
            }
            await Task.Delay(50);
        }
    }

    public Task<Run> WaitForFinalAsync(long runId, TimeSpan? timeout = null) =>
        WaitForRunAsync(runId, run => run.State.LifeCycleState is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR", "to a final state", timeout);

    /// <summary>POSTs a Databricks-shaped JSON body to a jobs API 2.1 path; returns the status and the parsed answer.</summary>
    public async Task<(int Status, JsonElement Body)> RestAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var http = WorkspaceHttp();
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string text ? new StringContent(text, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone());
    }
}
