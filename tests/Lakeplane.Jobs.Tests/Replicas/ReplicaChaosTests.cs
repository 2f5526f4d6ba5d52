using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Replicas;

/// <summary>
/// The chaos test of the replica model: three lakeplaned replicas on one real PostgreSQL, real node agent processes,
/// and the replica holding each loop's lease killed with SIGKILL in the middle of its work: a workspace PROVISIONING,
/// a cluster PENDING, a two-task run between its tasks, a cron schedule firing every two seconds. After each kill a
/// fresh replica joins, so there are three again. Throughout, the API of the replicas not about to be killed is
/// sampled, and no request may fail.
/// </summary>
public sealed class ReplicaChaosTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_the_replica_holding_each_loop_lease_loses_no_work_doubles_none_and_fails_no_request()
    {
        await using var set = await ReplicaSet.StartAsync(3);
        var env = EnvFileContents.Read(set.FirstDataDirectory);
        DaemonProcess? doomed = null;
        await using var sampler = new ApiSampler(() => set.Live.Where(r => r != Volatile.Read(ref doomed)).ToList(), env.Token, env.AccountId);
        LakeplaneConnection Via(DaemonProcess replica) => new(replica.BaseUrl, env.Token, env.AccountId);

        // A workspace PROVISIONING when the provisioner dies: a survivor finishes it.
        var provisioner = await set.HolderAsync("provisioning");
        Volatile.Write(ref doomed, provisioner);
        using var first = Via(set.Live.First(r => r != provisioner));
        var created = await Fixtures.WorkspaceAsync(first);
        Assert.Equal("PROVISIONING", created.WorkspaceStatus);
        await provisioner.KillAsync();
        var workspace = await Fixtures.SettledAsync(first, created.WorkspaceId);
        Assert.Equal("RUNNING", workspace.WorkspaceStatus);
        Assert.NotSame(provisioner, await set.HolderAsync("provisioning"));
        await set.StartOneAsync();
        sampler.UseWorkspace(workspace.WorkspaceId);

        // A cluster PENDING when its reconciler dies 0.3 s after the create: RUNNING with exactly its three nodes.
        var reconciler = await set.HolderAsync("clusters");
        Volatile.Write(ref doomed, reconciler);
        using var second = Via(set.Live.First(r => r != reconciler));
        var cluster = await second.Clusters.CreateClusterAsync(new CreateClusterRequest
        {
            WorkspaceId = workspace.WorkspaceId, ClusterName = "chaos", SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 2,
            RequestId = Unique.RequestId(),
        });
        await Task.Delay(300);
        await reconciler.KillAsync();
        await WaitAsync(async () => (await second.Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = workspace.WorkspaceId, ClusterId = cluster.ClusterId })).State == "RUNNING",
            "the cluster RUNNING on a survivor");
        await AssertExactlyTheNodesAsync(set, cluster.ClusterId);
        await set.StartOneAsync();

        // A two-task run between its tasks when the orchestrator dies: each task runs once, the run succeeds.
        var orchestrator = await set.HolderAsync("jobs");
        Volatile.Write(ref doomed, orchestrator);
        using var third = Via(set.Live.First(r => r != orchestrator));
        var dag = await third.Jobs.CreateJobAsync(new CreateJobRequest
        {
            WorkspaceId = workspace.WorkspaceId,
            Settings = new JobSettings
            {
                Name = "chaos-dag",
                Tasks =
                {
                    new JobTask { TaskKey = "first", ExistingClusterId = cluster.ClusterId, CommandTask = new CommandTask { Command = $"echo first >> {set.Root}/first.ran; sleep 3" } },
                    new JobTask { TaskKey = "second", ExistingClusterId = cluster.ClusterId, DependsOn = { new TaskDependency { TaskKey = "first" } }, CommandTask = new CommandTask { Command = $"echo second >> {set.Root}/second.ran" } },
                },
            },
        });
        var runId = (await third.Jobs.RunNowAsync(new RunNowRequest { WorkspaceId = workspace.WorkspaceId, JobId = dag.JobId })).RunId;
        Task<Run> RunAsync() => third.Jobs.GetRunAsync(new GetRunRequest { WorkspaceId = workspace.WorkspaceId, RunId = runId }).ResponseAsync;
        await WaitAsync(async () => (await RunAsync()).Tasks.Single(t => t.TaskKey == "first").State.LifeCycleState == "RUNNING", "the first task running");
        await orchestrator.KillAsync();
        await WaitAsync(async () => (await RunAsync()).State.LifeCycleState == "TERMINATED", "the run finished on a survivor");
        var run = await RunAsync();
        Assert.Equal("SUCCESS", run.State.ResultState);
        Assert.All(run.Tasks, task =>
        {
            Assert.Equal("SUCCESS", task.State.ResultState);
            Assert.Equal(0, task.AttemptNumber);
        });
        // Executed once each, not only recorded so: each task's process appended one line.
        Assert.Equal(["first"], await File.ReadAllLinesAsync(Path.Combine(set.Root, "first.ran")));
        Assert.Equal(["second"], await File.ReadAllLinesAsync(Path.Combine(set.Root, "second.ran")));
        await set.StartOneAsync();

        // A cron schedule firing every 2 s when the scheduler dies: every cron time has exactly one run.
        var scheduler = await set.HolderAsync("jobs");
        Volatile.Write(ref doomed, scheduler);
        using var fourth = Via(set.Live.First(r => r != scheduler));
        var cron = await fourth.Jobs.CreateJobAsync(new CreateJobRequest
        {
            WorkspaceId = workspace.WorkspaceId,
            Settings = new JobSettings
            {
                Name = "chaos-cron",
                MaxConcurrentRuns = 1000,
                Schedule = new CronSchedule { QuartzCronExpression = "*/2 * * * * ?" },
                Tasks = { new JobTask { TaskKey = "t", ExistingClusterId = cluster.ClusterId, CommandTask = new CommandTask { Command = "true" } } },
            },
        });
        async Task<List<long>> ScheduledTimesAsync() =>
            (await fourth.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = workspace.WorkspaceId, JobId = cron.JobId, Limit = 1000 })).Runs
            .Select(r => r.ScheduledTime).Order().ToList();
        await WaitAsync(async () => (await ScheduledTimesAsync()).Count >= 2, "two fires before the kill");
        await scheduler.KillAsync();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await WaitAsync(async () => (await ScheduledTimesAsync()).Max() > killedAt + 4000, "fires by a survivor");
        var times = await ScheduledTimesAsync();
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, times.Count).Select(i => times[0] + i * 2000L), times);
        Volatile.Write(ref doomed, null);

        Assert.True(sampler.Requests > 100, $"Only {sampler.Requests} API calls were sampled.");
        Assert.True(sampler.Failures.IsEmpty, "API calls to survivors failed:\n" + string.Join('\n', sampler.Failures.Take(20)));
    }

    /// <summary>The cluster's node processes are its driver and two workers, the store knows exactly those, and it stays so.</summary>
    private static async Task AssertExactlyTheNodesAsync(ReplicaSet set, string clusterId)
    {
        for (var look = 0; look < 2; look++)
        {
            var processes = NodeProcesses.OfCluster(set.ComputeDirectory, clusterId);
            Assert.Equal(["driver", "worker", "worker"], processes.Select(p => p.Role).Order());
            var stored = Convert.ToInt64(await set.ScalarAsync($"SELECT count(*) FROM lakeplane.objects WHERE kind = 'cluster_node' AND scope = 'cluster:{clusterId}'"));
            Assert.Equal(3L, stored);
            foreach (var process in processes)
            {
                Assert.Equal(1L, Convert.ToInt64(await set.ScalarAsync($"SELECT count(*) FROM lakeplane.objects WHERE kind = 'cluster_node' AND id = '{process.NodeId}'")));
            }
            // Again a little later: no replica terminates them as strays, none launches more.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Never saw " + what);
            await Task.Delay(100);
        }
    }
}
