using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Npgsql;

namespace Lakeplane.Jobs.Tests.Schedules;

/// <summary>
/// Two lakeplaned processes on one real PostgreSQL database: exactly one (the lease holder) schedules; when it is
/// killed, the other takes over after the lease expires and fires the times of the gap late, so every cron time has
/// exactly one run, whichever replica fired it. The runs' tasks cannot start (the nodes' agent is /bin/false): this
/// test is about who fires, not about running.
/// </summary>
public sealed class PostgresFailoverTests : IAsyncLifetime
{
    private readonly string _directoryA = Directory.CreateTempSubdirectory("lakeplane-failover-a-").FullName;
    private readonly string _directoryB = Directory.CreateTempSubdirectory("lakeplane-failover-b-").FullName;
    private string _server = "";
    private string _database = "";
    private Dictionary<string, string> _environment = [];
    private DaemonProcess _a = null!;
    private DaemonProcess _b = null!;

    public async Task InitializeAsync()
    {
        _server = await TestPostgres.ConnectionStringAsync();
        _database = "lakeplane_jobs_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {_database}");
        _environment = new Dictionary<string, string>
        {
            ["LAKEPLANE_STORE"] = "postgres",
            ["LAKEPLANE_POSTGRES"] = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString,
            ["LAKEPLANE_JOBS_LEASE_MS"] = "1500",
            ["LAKEPLANE_JOBS_MISFIRE_MS"] = "20000",
            ["LAKEPLANE_NODE_AGENT"] = "/bin/false",
            ["LAKEPLANE_PROVISION_DELAY_MS"] = "50",
            // Replicas of one store share the workspace files' master key.
            ["LAKEPLANE_MASTER_KEY_FILE"] = Path.Combine(_directoryA, "master.key"),
        };
        _a = await DaemonProcess.StartAsync(_directoryA, _environment);
        _b = await DaemonProcess.StartAsync(_directoryB, _environment);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(_directoryA, recursive: true);
        Directory.Delete(_directoryB, recursive: true);
    }

    [Fact]
    public async Task KillingTheSchedulingReplica_TheOtherTakesOver_EveryCronTimeHasExactlyOneRun()
    {
        var env = EnvFileContents.Read(_directoryA);
        using var viaA = new LakeplaneConnection(_a.BaseUrl, env.Token, env.AccountId);
        var workspace = await Fixtures.SettledAsync(viaA, (await Fixtures.WorkspaceAsync(viaA)).WorkspaceId);
        var cluster = await viaA.Clusters.CreateClusterAsync(new CreateClusterRequest
        {
            WorkspaceId = workspace.WorkspaceId, ClusterName = "failover", SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 0,
        });
        var created = await viaA.Jobs.CreateJobAsync(new CreateJobRequest
        {
            WorkspaceId = workspace.WorkspaceId,
            Settings = new JobSettings
            {
                Name = "every-second",
                MaxConcurrentRuns = 1000,
                Schedule = new CronSchedule { QuartzCronExpression = "* * * * * ?" },
                Tasks = { new JobTask { TaskKey = "t", ExistingClusterId = cluster.ClusterId, CommandTask = new CommandTask { Command = "true" } } },
            },
        });
        var (leader, follower) = await LeaderAsync();
        using var viaFollower = new LakeplaneConnection(follower.BaseUrl, env.Token, env.AccountId);

        async Task<List<Run>> RunsAsync() =>
            (await viaFollower.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = workspace.WorkspaceId, JobId = created.JobId, Limit = 1000 })).Runs.ToList();
        await WaitAsync(async () => (await RunsAsync()).Count >= 3, "three runs fired by the first leader");
        Assert.DoesNotContain("now schedules jobs", follower.Stderr, StringComparison.Ordinal);

        await leader.KillAsync();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await WaitAsync(() => Task.FromResult(follower.Stderr.Contains("now schedules jobs", StringComparison.Ordinal)), "the other replica taking over");
        await WaitAsync(async () => (await RunsAsync()).Max(r => r.ScheduledTime) > killedAt + 3000, "runs fired by the new leader");

        var times = (await RunsAsync()).Select(r => r.ScheduledTime).Order().ToList();
        Assert.Equal(times.Count, times.Distinct().Count());
        var expected = Enumerable.Range(0, (int)((times[^1] - times[0]) / 1000) + 1).Select(i => times[0] + i * 1000L).ToList();
        Assert.Equal(expected, times);
        Assert.Contains(times, t => t > killedAt);
    }

    private async Task<(DaemonProcess Leader, DaemonProcess Follower)> LeaderAsync()
    {
        await WaitAsync(() => Task.FromResult(_a.Stderr.Contains("now schedules jobs", StringComparison.Ordinal) || _b.Stderr.Contains("now schedules jobs", StringComparison.Ordinal)),
            "a replica leading");
        return _a.Stderr.Contains("now schedules jobs", StringComparison.Ordinal) ? (_a, _b) : (_b, _a);
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Never saw " + what);
            await Task.Delay(100);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

}
