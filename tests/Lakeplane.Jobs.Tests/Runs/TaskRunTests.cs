using System.Globalization;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Jobs.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Runs;

/// <summary>Runs of real processes on the shared cluster's driver node agent: the DAG order, output capture, retries,
/// timeouts, cancellation and max_concurrent_runs.</summary>
public sealed class TaskRunTests(JobDaemonFixture daemon) : IClassFixture<JobDaemonFixture>
{
    private static bool ProcessAlive(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return !text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<int> ReadPidAsync(string file)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{file} was never written.");
            await Task.Delay(20);
        }
    }

    private static async Task WaitGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ProcessAlive(pid))
        {
            Assert.True(DateTime.UtcNow < deadline, $"pid {pid} is still alive: the task's process group was not killed.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ThreeTaskDag_RunsInDependencyOrder_WithParametersAndEnv_AndOutputsCaptured()
    {
        var settings = new JobSettings
        {
            Name = "dag",
            Tasks =
            {
                // Given out of order: the DAG, not the list, decides.
                daemon.CommandTask("load", "echo load $1 from $SOURCE; date +%s%N", "transform"),
                daemon.CommandTask("extract", "echo extract $1 $2; date +%s%N"),
                daemon.CommandTask("transform", "echo transform; date +%s%N; echo to-stderr >&2", "extract"),
            },
        };
        settings.Tasks[0].CommandTask.Parameters.Add("warehouse");
        settings.Tasks[0].CommandTask.Env.Add("SOURCE", "lake");
        settings.Tasks[1].CommandTask.Parameters.Add("a b");
        settings.Tasks[1].CommandTask.Parameters.Add("c");
        var jobId = await daemon.CreateJobAsync(settings);

        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(jobId));

        Assert.Equal("TERMINATED", run.State.LifeCycleState);
        Assert.Equal("SUCCESS", run.State.ResultState);
        Assert.Equal("ONE_TIME", run.Trigger);
        var byKey = run.Tasks.ToDictionary(t => t.TaskKey);
        Assert.All(run.Tasks, t => Assert.Equal("SUCCESS", t.State.ResultState));
        Assert.True(byKey["extract"].EndTime <= byKey["transform"].StartTime, "transform started before extract ended");
        Assert.True(byKey["transform"].EndTime <= byKey["load"].StartTime, "load started before transform ended");
        Assert.All(run.Tasks, t => Assert.Equal(daemon.Cluster.ClusterId, t.ClusterInstance.ClusterId));

        var outputs = new Dictionary<string, GetRunOutputResponse>();
        foreach (var task in run.Tasks)
        {
            outputs[task.TaskKey] = await daemon.OutputAsync(task.RunId);
        }
        Assert.StartsWith("extract a b c\n", outputs["extract"].Logs, StringComparison.Ordinal);
        Assert.StartsWith("transform\n", outputs["transform"].Logs, StringComparison.Ordinal);
        Assert.StartsWith("load warehouse from lake\n", outputs["load"].Logs, StringComparison.Ordinal);
        Assert.False(outputs["load"].LogsTruncated);
        Assert.Contains($"/jobs/runs/{run.RunId}/load/stdout", outputs["load"].LogsLocation, StringComparison.Ordinal);
        // The processes really ran one after the other: the clock each printed.
        long Clock(string key) => long.Parse(outputs[key].Logs.Split('\n')[1], CultureInfo.InvariantCulture);
        Assert.True(Clock("extract") < Clock("transform") && Clock("transform") < Clock("load"));
    }

    [Fact]
    public async Task FailingTask_IsRetried_AfterTheInterval_ThenFails_AndItsDependentIsUpstreamFailed()
    {
        var settings = new JobSettings
        {
            Name = "retries",
            Tasks =
            {
                daemon.CommandTask("flaky", "echo attempt $LAKEPLANE_TASK_ATTEMPT; echo broken >&2; exit 3"),
                daemon.CommandTask("after", "echo never", "flaky"),
            },
        };
        settings.Tasks[0].MaxRetries = 2;
        settings.Tasks[0].MinRetryIntervalMillis = 400;
        var jobId = await daemon.CreateJobAsync(settings);
        var started = DateTimeOffset.UtcNow;

        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(jobId));

        Assert.Equal("FAILED", run.State.ResultState);
        var flaky = run.Tasks.Single(t => t.TaskKey == "flaky");
        Assert.Equal("FAILED", flaky.State.ResultState);
        Assert.Equal(2, flaky.AttemptNumber);
        Assert.Equal(3, flaky.ExitCode);
        Assert.Contains("exited with code 3", flaky.State.StateMessage, StringComparison.Ordinal);
        // Two waits of at least min_retry_interval_millis between three attempts.
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(800));
        var after = run.Tasks.Single(t => t.TaskKey == "after");
        Assert.Equal("SKIPPED", after.State.LifeCycleState);
        Assert.Equal("UPSTREAM_FAILED", after.State.ResultState);
        Assert.Equal(0, after.StartTime);

        var output = await daemon.OutputAsync(flaky.RunId);
        Assert.Equal("attempt 2\n", output.Logs);
        Assert.Contains("exited with code 3", output.Error, StringComparison.Ordinal);
        Assert.Equal("broken\n", output.ErrorTrace);
    }

    [Fact]
    public async Task TaskFailingOnce_SucceedsOnItsRetry()
    {
        var marker = Path.Combine(daemon.DataDirectory, "retry-" + Guid.NewGuid().ToString("N"));
        var job = daemon.CommandJob($"if [ -e {marker} ]; then echo second; else touch {marker}; exit 1; fi", t => t.MaxRetries = 1);
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(job)));

        Assert.Equal("SUCCESS", run.State.ResultState);
        Assert.Equal(1, Assert.Single(run.Tasks).AttemptNumber);
        Assert.Equal("second\n", (await daemon.OutputAsync(run.Tasks[0].RunId)).Logs);
    }

    [Fact]
    public async Task Timeout_KillsTheWholeProcessGroup_AndTheTaskIsTimedOut()
    {
        var pidFile = Path.Combine(daemon.DataDirectory, "timeout-" + Guid.NewGuid().ToString("N"));
        var job = daemon.CommandJob($"sleep 300 & echo $! > {pidFile}; wait", t => t.TimeoutSeconds = 1);
        var runId = await daemon.RunNowAsync(await daemon.CreateJobAsync(job));
        var background = await ReadPidAsync(pidFile);

        var run = await daemon.WaitForFinalAsync(runId);

        Assert.Equal("TIMEDOUT", run.State.ResultState);
        Assert.Equal("TIMEDOUT", run.Tasks[0].State.ResultState);
        Assert.True(run.Tasks[0].State.UserCancelledOrTimedout);
        await WaitGoneAsync(background);
    }

    [Fact]
    public async Task Cancel_KillsTheRunningProcessGroup_AndCancelsTasksNotStarted()
    {
        var pidFile = Path.Combine(daemon.DataDirectory, "cancel-" + Guid.NewGuid().ToString("N"));
        var settings = new JobSettings
        {
            Name = "cancel",
            Tasks = { daemon.CommandTask("long", $"sleep 300 & echo $! > {pidFile}; wait"), daemon.CommandTask("next", "true", "long") },
        };
        var runId = await daemon.RunNowAsync(await daemon.CreateJobAsync(settings));
        var background = await ReadPidAsync(pidFile);

        await daemon.Jobs.CancelRunAsync(new CancelRunRequest { WorkspaceId = daemon.WorkspaceId, RunId = runId });
        var run = await daemon.WaitForFinalAsync(runId);

        Assert.Equal("TERMINATED", run.State.LifeCycleState);
        Assert.Equal("CANCELED", run.State.ResultState);
        Assert.Equal("CANCELED", run.Tasks.Single(t => t.TaskKey == "long").State.ResultState);
        Assert.Equal("CANCELED", run.Tasks.Single(t => t.TaskKey == "next").State.ResultState);
        await WaitGoneAsync(background);
    }

    [Fact]
    public async Task MaxConcurrentRuns_ARunOverTheLimitIsSkipped_AndRecordedAsSuch()
    {
        var pidFile = Path.Combine(daemon.DataDirectory, "concurrent-" + Guid.NewGuid().ToString("N"));
        var job = daemon.CommandJob($"echo $$ > {pidFile}; sleep 300");
        job.MaxConcurrentRuns = 1;
        var jobId = await daemon.CreateJobAsync(job);
        var first = await daemon.RunNowAsync(jobId);
        await ReadPidAsync(pidFile);

        var second = await daemon.GetRunAsync(await daemon.RunNowAsync(jobId));

        Assert.Equal("SKIPPED", second.State.LifeCycleState);
        Assert.Contains("max_concurrent_runs is 1", second.State.StateMessage, StringComparison.Ordinal);
        var listed = await daemon.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId });
        Assert.Equal([second.RunId, first], listed.Runs.Select(r => r.RunId));
        var active = await daemon.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId, ActiveOnly = true });
        Assert.Equal(first, Assert.Single(active.Runs).RunId);

        await daemon.Jobs.CancelRunAsync(new CancelRunRequest { WorkspaceId = daemon.WorkspaceId, RunId = first });
        Assert.Equal("CANCELED", (await daemon.WaitForFinalAsync(first)).State.ResultState);
    }

    [Fact]
    public async Task LargeOutput_IsTruncated_WithANote()
    {
        var job = daemon.CommandJob($"head -c {JobDaemonFixture.OutputLimitBytes * 3} /dev/zero | tr '\\0' x");
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(job)));

        var output = await daemon.OutputAsync(run.Tasks[0].RunId);
        Assert.True(output.LogsTruncated);
        Assert.StartsWith(new string('x', JobDaemonFixture.OutputLimitBytes) + "\n[output truncated: showing the first 4096 of 12288 bytes", output.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobCluster_SharedByItsTasks_AndATasksOwnNewCluster_AreCreatedForTheRun_AndTerminatedAndDeletedAfter()
    {
        var spec = new NewCluster { SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 0 };
        var settings = new JobSettings
        {
            Name = "job-cluster",
            JobClusters = { new JobCluster { JobClusterKey = "shared", NewCluster = spec } },
            Tasks =
            {
                new JobTask { TaskKey = "one", JobClusterKey = "shared", CommandTask = new CommandTask { Command = "echo one" } },
                new JobTask { TaskKey = "two", JobClusterKey = "shared", CommandTask = new CommandTask { Command = "echo two" }, DependsOn = { new TaskDependency { TaskKey = "one" } } },
                new JobTask { TaskKey = "own", NewCluster = spec.Clone(), CommandTask = new CommandTask { Command = "echo own" } },
            },
        };
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(settings)), TimeSpan.FromSeconds(90));

        Assert.Equal("SUCCESS", run.State.ResultState);
        var sharedId = run.JobClusterIds["shared"];
        var ownId = run.JobClusterIds["task_own"];
        Assert.All(run.Tasks.Where(t => t.TaskKey != "own"), t => Assert.Equal(sharedId, t.ClusterInstance.ClusterId));
        Assert.Equal(ownId, run.Tasks.Single(t => t.TaskKey == "own").ClusterInstance.ClusterId);
        Assert.Equal(3, new HashSet<string> { daemon.Cluster.ClusterId, sharedId, ownId }.Count);
        // Gone for good, as Databricks' job clusters: not listed, not readable, and no node process of them left.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var clusterId in new[] { sharedId, ownId })
        {
            while ((await daemon.Clusters.ListClustersAsync(new ListClustersRequest { WorkspaceId = daemon.WorkspaceId })).Clusters.Any(c => c.ClusterId == clusterId)
                   || NodeProcesses.OfCluster(daemon.DataDirectory, clusterId).Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Job cluster {clusterId} is still listed or still has node processes after its run ended.");
                await Task.Delay(50);
            }
            var get = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => daemon.GetAsync(clusterId));
            Assert.Equal(Grpc.Core.StatusCode.NotFound, get.StatusCode);
        }
        Assert.Equal("two\n", (await daemon.OutputAsync(run.Tasks.Single(t => t.TaskKey == "two").RunId)).Logs);
        Assert.Equal("own\n", (await daemon.OutputAsync(run.Tasks.Single(t => t.TaskKey == "own").RunId)).Logs);
    }

    [Fact]
    public async Task JobTimeout_StopsTheRun_KillingItsRunningProcessGroup_AndTheRunIsTimedOut()
    {
        var pidFile = Path.Combine(daemon.DataDirectory, "job-timeout-" + Guid.NewGuid().ToString("N"));
        var settings = new JobSettings
        {
            Name = "job-timeout",
            TimeoutSeconds = 1,
            Tasks = { daemon.CommandTask("long", $"sleep 300 & echo $! > {pidFile}; wait"), daemon.CommandTask("next", "true", "long") },
        };
        var runId = await daemon.RunNowAsync(await daemon.CreateJobAsync(settings));
        var background = await ReadPidAsync(pidFile);

        var run = await daemon.WaitForFinalAsync(runId);

        Assert.Equal("TERMINATED", run.State.LifeCycleState);
        Assert.Equal("TIMEDOUT", run.State.ResultState);
        Assert.True(run.State.UserCancelledOrTimedout);
        Assert.Contains("timed out", run.State.StateMessage, StringComparison.Ordinal);
        Assert.NotEqual("SUCCESS", run.Tasks.Single(t => t.TaskKey == "next").State.ResultState);
        await WaitGoneAsync(background);
    }

    [Fact]
    public async Task NodeAgentKilledWithSigkill_MidTask_TakesEveryProcessOfTheTaskWithIt_AndTheRunFailsSayingWhy()
    {
        // On a job cluster of its own, so the shared cluster's driver is not the one killed.
        var shellFile = Path.Combine(daemon.DataDirectory, "agent-killed-" + Guid.NewGuid().ToString("N"));
        var backgroundFile = shellFile + ".background";
        var settings = new JobSettings
        {
            Name = "agent-killed",
            JobClusters = { new JobCluster { JobClusterKey = "doomed", NewCluster = new NewCluster { SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 0 } } },
            Tasks =
            {
                new JobTask
                {
                    TaskKey = "long", JobClusterKey = "doomed",
                    CommandTask = new CommandTask { Command = $"sleep 300 & echo $! > {backgroundFile}; echo $$ > {shellFile}; wait" },
                },
            },
        };
        var runId = await daemon.RunNowAsync(await daemon.CreateJobAsync(settings));
        var shell = await ReadPidAsync(shellFile);
        var background = await ReadPidAsync(backgroundFile);
        var clusterId = (await daemon.GetRunAsync(runId)).JobClusterIds["doomed"];
        var agent = Assert.Single(NodeProcesses.OfCluster(daemon.DataDirectory, clusterId), p => p.Role == "driver");

        System.Diagnostics.Process.GetProcessById(agent.Pid).Kill(); // SIGKILL: the agent runs no code of its own on the way out

        await WaitGoneAsync(shell);
        await WaitGoneAsync(background);
        var run = await daemon.WaitForFinalAsync(runId, TimeSpan.FromSeconds(60));
        Assert.Equal("TERMINATED", run.State.LifeCycleState);
        Assert.Equal("FAILED", run.State.ResultState);
        var task = Assert.Single(run.Tasks);
        Assert.Equal("FAILED", task.State.ResultState);
        Assert.Contains($"Node {agent.NodeId} went away while the task ran", task.State.StateMessage, StringComparison.Ordinal);
        Assert.Contains(task.State.StateMessage, run.State.StateMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SparkPythonTask_RunsTheWorkspaceFile_WithPython3_AndItsParameters()
    {
        var directory = "/Shared/" + Guid.NewGuid().ToString("N");
        var (mkdirs, _) = await daemon.RestAsync(HttpMethod.Post, "/api/2.0/workspace/mkdirs", new { path = directory });
        Assert.Equal(200, mkdirs);
        var script = "import sys\nprint('python', sys.version_info[0], sys.argv[1:])\n";
        var (imported, error) = await daemon.RestAsync(HttpMethod.Post, "/api/2.0/workspace/import", new
        {
            path = directory + "/etl.py", format = "RAW", content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(script)),
        });
        Assert.True(imported == 200, error.ToString());
        var job = new JobSettings
        {
            Name = "python",
            Tasks = { new JobTask { TaskKey = "etl", ExistingClusterId = daemon.Cluster.ClusterId, SparkPythonTask = new SparkPythonTask { PythonFile = directory + "/etl.py", Parameters = { "--day", "2026-01-05" } } } },
        };
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(job)));

        Assert.Equal("SUCCESS", run.State.ResultState);
        Assert.Equal("python 3 ['--day', '2026-01-05']\n", (await daemon.OutputAsync(run.Tasks[0].RunId)).Logs);
    }

    [Fact]
    public async Task SparkPythonTask_WithAMissingFile_FailsNamingIt()
    {
        var job = new JobSettings
        {
            Name = "python-missing",
            Tasks = { new JobTask { TaskKey = "etl", ExistingClusterId = daemon.Cluster.ClusterId, SparkPythonTask = new SparkPythonTask { PythonFile = "/Shared/nothing-here.py" } } },
        };
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(job)));

        Assert.Equal("FAILED", run.State.ResultState);
        Assert.Contains("/Shared/nothing-here.py", run.Tasks[0].State.StateMessage, StringComparison.Ordinal);
    }
}
