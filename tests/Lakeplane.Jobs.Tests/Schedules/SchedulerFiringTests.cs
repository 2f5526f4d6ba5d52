using System.Text.Json;
using Lakeplane.Daemon.Jobs;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Replication;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lakeplane.Jobs.Tests.Schedules;

/// <summary>
/// The scheduler's firing on a real SQLite store, driven by a FakeTimeProvider: cron times fire once each, paused
/// schedules do not fire, max_concurrent_runs skips and records, a restart catches up once, and of two replicas only
/// the lease holder fires, the other taking over without double-firing or losing a time.
/// </summary>
public sealed class SchedulerFiringTests : IAsyncLifetime
{
    private static readonly JobSettingsOptions Options = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 4096, TimeSpan.FromSeconds(1));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-05T12:00:00.500Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly string _directory = Directory.CreateTempSubdirectory("lakeplane-scheduler-").FullName;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_directory, "store.db"), _time);
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<long> JobAsync(string cron, string zone = "UTC", string pause = "UNPAUSED", int maxConcurrentRuns = 1000)
    {
        var jobId = JobIds.New(_time.GetUtcNow());
        var job = new Job
        {
            JobId = jobId,
            WorkspaceId = 7,
            CreatorUserName = "admin@example.com",
            CreatedTime = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            Settings = new JobSettings
            {
                Name = "scheduled",
                MaxConcurrentRuns = maxConcurrentRuns,
                Schedule = new CronSchedule { QuartzCronExpression = cron, TimezoneId = zone, PauseStatus = pause },
                Tasks = { new JobTask { TaskKey = "t", ExistingClusterId = "c", CommandTask = new CommandTask { Command = "true" } } },
            },
        };
        await _store.WriteAsync(t => t.InsertAsync(ObjectKinds.Job, JobIds.Key(jobId), "acct", ObjectKinds.WorkspaceScope(7), "", JobRows.Serialize(job)));
        return jobId;
    }

    private (JobLeadership Leadership, JobScheduler Scheduler) Replica()
    {
        var signals = new JobSignals();
        var lease = new LoopLease("jobs", Options.LeaseDuration, _store, _time, new ReplicaIdentity(), NullLogger.Instance);
        var leadership = new JobLeadership(lease, signals, NullLogger<JobLeadership>.Instance);
        return (leadership, new JobScheduler(_store, _time, leadership, signals, Options, NullLogger<JobScheduler>.Instance));
    }

    private readonly Dictionary<JobScheduler, JobLeadership> _leaderships = [];

    private async Task<JobScheduler> LeaderAsync()
    {
        var (leadership, scheduler) = Replica();
        Assert.True(await leadership.TryHoldAsync(CancellationToken.None));
        _leaderships[scheduler] = leadership;
        return scheduler;
    }

    /// <summary>A round of a leader that kept its lease while the fake clock jumped: in the daemon the lease keeper renews it
    /// every third of its duration; here it is renewed before each round.</summary>
    private async Task<int> FireAsync(JobScheduler scheduler)
    {
        Assert.True(await _leaderships[scheduler].TryHoldAsync(CancellationToken.None));
        return await scheduler.FireDueAsync(CancellationToken.None);
    }

    private async Task<List<Run>> RunsAsync(long jobId) =>
        (await _store.ReadAsync(r => r.ListAsync(ObjectKinds.JobRun, "acct", ObjectKinds.JobScope(jobId))))
        .Select(JobRows.ReadRun).OrderBy(r => r.ScheduledTime).ToList();

    private static string At(Run run) => DateTimeOffset.FromUnixTimeMilliseconds(run.ScheduledTime).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task EachCronTime_FiresOnce_AsAPeriodicRun_AtItsTime()
    {
        var jobId = await JobAsync("*/10 * * * * ?");
        var scheduler = await LeaderAsync();

        Assert.Equal(0, await FireAsync(scheduler));
        _time.Advance(TimeSpan.FromMilliseconds(9_400)); // 12:00:09.900
        Assert.Equal(0, await FireAsync(scheduler));
        _time.Advance(TimeSpan.FromMilliseconds(100)); // 12:00:10.000
        Assert.Equal(1, await FireAsync(scheduler));
        Assert.Equal(0, await FireAsync(scheduler));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await FireAsync(scheduler));

        var runs = await RunsAsync(jobId);
        Assert.Equal(["12:00:10", "12:00:20"], runs.Select(At));
        Assert.All(runs, r => Assert.Equal("PERIODIC", r.Trigger));
        Assert.All(runs, r => Assert.Equal("PENDING", r.State.LifeCycleState));
        Assert.All(runs, r => Assert.False(r.CatchUp));
    }

    [Fact]
    public async Task ARoundThatWokeJustBeforeACronTime_SleepsOnlyUntilIt_NotAWholeStepLate()
    {
        // Two jobs on neighbouring seconds, as with many scheduled jobs: every second has a fire.
        await JobAsync("1 * * * * ?");
        var second = await JobAsync("2 * * * * ?");
        var scheduler = await LeaderAsync();
        _time.Advance(TimeSpan.FromMilliseconds(1_499.7)); // 12:00:01.9997, a timer waking just before 12:00:02
        Assert.Equal(1, await FireAsync(scheduler)); // the 12:00:01 job
        _time.Advance(TimeSpan.FromMilliseconds(3)); // the round took 3 ms: the clock is past 12:00:02 now

        // The 12:00:02 time did not fire in that round and is due: the next round is at once, not at 12:00:03 or later.
        Assert.Equal(TimeSpan.FromMilliseconds(1), scheduler.UntilNextFire());
        Assert.Equal(1, await FireAsync(scheduler));
        Assert.Equal("12:00:02", At(Assert.Single(await RunsAsync(second))));
        // Then nothing is due until 12:01:01: the sleep is the re-read cap.
        Assert.Equal(TimeSpan.FromSeconds(5), scheduler.UntilNextFire());
    }

    [Fact]
    public async Task TimeZone_FiresAtTheLocalTime()
    {
        var jobId = await JobAsync("0 30 8 * * ?", "America/New_York");
        var scheduler = await LeaderAsync();
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(59)); // 13:29:59.5 UTC = 08:29:59.5 EST
        Assert.Equal(0, await FireAsync(scheduler));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await FireAsync(scheduler));
        Assert.Equal("13:30:00", At(Assert.Single(await RunsAsync(jobId))));
    }

    [Fact]
    public async Task PausedSchedule_DoesNotFire()
    {
        var jobId = await JobAsync("* * * * * ?", pause: "PAUSED");
        var scheduler = await LeaderAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await FireAsync(scheduler));
        Assert.Empty(await RunsAsync(jobId));
    }

    [Fact]
    public async Task OverMaxConcurrentRuns_TheFireIsRecordedAsASkippedRun()
    {
        var jobId = await JobAsync("*/10 * * * * ?", maxConcurrentRuns: 1);
        var scheduler = await LeaderAsync();
        _time.Advance(TimeSpan.FromSeconds(9.5));
        await FireAsync(scheduler);
        _time.Advance(TimeSpan.FromSeconds(10));
        await FireAsync(scheduler);

        var runs = await RunsAsync(jobId);
        Assert.Equal(["PENDING", "SKIPPED"], runs.Select(r => r.State.LifeCycleState));
        Assert.Contains("max_concurrent_runs is 1", runs[1].State.StateMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterARestart_TimesMissedLongAgo_CollapseIntoOneRecordedCatchUp()
    {
        var jobId = await JobAsync("*/10 * * * * ?");
        var before = await LeaderAsync();
        _time.Advance(TimeSpan.FromSeconds(9.5));
        Assert.Equal(1, await FireAsync(before)); // 12:00:10

        // The daemon is down for an hour: a new process (new replica) starts.
        _time.Advance(TimeSpan.FromHours(1)); // 13:00:10
        var after = await LeaderAsync();
        var fired = await FireAsync(after);

        var runs = await RunsAsync(jobId);
        var catchUp = Assert.Single(runs, r => r.CatchUp);
        // 12:00:20 .. 12:59:40 are older than the 20 s misfire threshold: one catch-up stands for all 357 of them.
        Assert.Equal(357, catchUp.MissedFires);
        Assert.Equal("12:59:40", At(catchUp));
        // 12:59:50, 13:00:00 and 13:00:10 are within it: they fire, late, as themselves.
        Assert.Equal(["12:00:10", "12:59:40", "12:59:50", "13:00:00", "13:00:10"], runs.Select(At));
        Assert.Equal(4, fired);
        var audit = await _store.ReadAsync(r => r.ListAuditAsync("acct", 0, 100));
        Assert.Contains(audit, e => e.Action == "job.schedule_fire" && e.Details.Contains("catch-up for 357 missed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaseHolderFires_AndTheOtherTakesOverWithoutDoubleOrLostFires()
    {
        var jobId = await JobAsync("*/2 * * * * ?");
        var (leaseA, schedulerA) = Replica();
        var (leaseB, schedulerB) = Replica();
        Assert.True(await leaseA.TryHoldAsync(CancellationToken.None));
        Assert.False(await leaseB.TryHoldAsync(CancellationToken.None));

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            await leaseA.TryHoldAsync(CancellationToken.None);
            await schedulerA.FireDueAsync(CancellationToken.None);
            Assert.False(await leaseB.TryHoldAsync(CancellationToken.None));
        }
        // A dies. B keeps trying; the lease (10 s) expires and B takes over.
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            if (await leaseB.TryHoldAsync(CancellationToken.None))
            {
                await schedulerB.FireDueAsync(CancellationToken.None);
            }
        }
        Assert.True(leaseB.IsLeader);
        // A stale leader firing the same times once more changes nothing: each (job, time) fires once.
        await schedulerA.FireDueAsync(CancellationToken.None);

        var runs = await RunsAsync(jobId);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => TimeSpan.FromSeconds(2 * i)), runs.Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r.ScheduledTime) - DateTimeOffset.Parse("2026-01-05T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var fires = await _store.ReadAsync(r => r.ListAsync(ObjectKinds.JobFire, "acct", ObjectKinds.JobScope(jobId)));
        var replicas = fires.Select(f => JsonDocument.Parse(f.Body).RootElement.GetProperty("replica").GetString()).ToList();
        Assert.Equal(9, replicas.Count);
        Assert.Equal(2, replicas.Distinct().Count());
    }

    [Fact]
    public async Task A_leader_whose_lease_another_replica_took_over_cannot_commit_a_fire()
    {
        var jobId = await JobAsync("*/2 * * * * ?");
        var (leaseA, schedulerA) = Replica();
        Assert.True(await leaseA.TryHoldAsync(CancellationToken.None));
        Assert.Equal(0, await schedulerA.FireDueAsync(CancellationToken.None));
        // B's clock runs 15 s ahead (a skewed or paused replica's view): to B, A's lease has expired, and B takes it over,
        // while A, by its own clock, still holds it. Only the store's fence can stop A now.
        var skewed = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromSeconds(15));
        var leaseB = new LoopLease("jobs", Options.LeaseDuration, _store, skewed, new ReplicaIdentity(), NullLogger.Instance);
        Assert.True(await leaseB.TryHoldAsync(CancellationToken.None));
        Assert.Equal(2, leaseB.Epoch);
        Assert.True(leaseA.IsLeader);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<LeaseLostException>(() => schedulerA.FireDueAsync(CancellationToken.None));
        Assert.Empty(await RunsAsync(jobId));
        Assert.Empty(await _store.ReadAsync(r => r.ListAsync(ObjectKinds.JobFire, "acct", ObjectKinds.JobScope(jobId))));
        // And A knows it has lost the lease: its loops stop acting.
        Assert.False(leaseA.IsLeader);
    }
}
