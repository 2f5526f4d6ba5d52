using Lakeplane.Jobs.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Schedules;

/// <summary>Schedules on a real lakeplaned in real time: a schedule fires runs whose processes start at the cron time,
/// pausing stops it, and a daemon down at scheduled times catches up once on restart rather than in a burst.</summary>
public sealed class RealScheduleTests(JobDaemonFixture daemon) : IClassFixture<JobDaemonFixture>
{
    private async Task<List<Run>> RunsAsync(long jobId) =>
        (await daemon.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId, Limit = 1000 })).Runs.OrderBy(r => r.ScheduledTime).ToList();

    private async Task<List<Run>> WaitForRunsAsync(long jobId, Func<List<Run>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var runs = await RunsAsync(jobId);
            if (done(runs))
            {
                return runs;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} never had {what}: {string.Join("; ", runs.Select(r => $"{r.ScheduledTime} {r.State}"))}\n{daemon.Daemon.Stderr}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task EverySecondSchedule_StartsProcessesAtTheCronTimes_AndPausingStopsIt()
    {
        var job = daemon.CommandJob("echo fired at $(date +%s%3N)");
        job.MaxConcurrentRuns = 100;
        job.Schedule = new CronSchedule { QuartzCronExpression = "* * * * * ?", TimezoneId = "Europe/Amsterdam" };
        var jobId = await daemon.CreateJobAsync(job);

        var runs = await WaitForRunsAsync(jobId, r => r.Count(run => run.State.ResultState == "SUCCESS") >= 3, "three successful scheduled runs");

        foreach (var run in runs.Where(r => r.State.ResultState == "SUCCESS"))
        {
            Assert.Equal("PERIODIC", run.Trigger);
            Assert.Equal(0, run.ScheduledTime % 1000);
            // The process started at (not before) its cron time; how soon after is the benchmark's business.
            Assert.True(run.Tasks[0].StartTime >= run.ScheduledTime, $"started {run.Tasks[0].StartTime}, scheduled {run.ScheduledTime}");
            var printed = long.Parse((await daemon.OutputAsync(run.Tasks[0].RunId)).Logs.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(printed >= run.ScheduledTime);
        }
        var times = runs.Select(r => r.ScheduledTime).ToList();
        Assert.Equal(times.Distinct().Count(), times.Count);

        await daemon.Jobs.UpdateJobAsync(new UpdateJobRequest
        {
            WorkspaceId = daemon.WorkspaceId, JobId = jobId,
            NewSettings = new JobSettings { Schedule = new CronSchedule { QuartzCronExpression = "* * * * * ?", TimezoneId = "Europe/Amsterdam", PauseStatus = "PAUSED" } },
        });
        var paused = (await RunsAsync(jobId)).Count;
        // Absence cannot be waited for: two cron times pass, and no run is added.
        await Task.Delay(2500);
        Assert.Equal(paused, (await RunsAsync(jobId)).Count);
    }

    [Fact]
    public async Task DaemonDownAtScheduledTimes_OnRestart_FiresOneRecordedCatchUp_NotABurst()
    {
        var job = daemon.CommandJob("true");
        job.MaxConcurrentRuns = 100;
        job.Schedule = new CronSchedule { QuartzCronExpression = "* * * * * ?" };
        var jobId = await daemon.CreateJobAsync(job);
        var before = await WaitForRunsAsync(jobId, r => r.Count > 0, "a first run");

        await daemon.Daemon.StopAsync();
        var downAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Down for four cron times: longer than the misfire threshold (1.5 s).
        await Task.Delay(4000);
        await daemon.RestartDaemonAsync(kill: false);

        var runs = await WaitForRunsAsync(jobId, r => r.Any(run => run.CatchUp), "a catch-up run");
        var catchUp = Assert.Single(runs, r => r.CatchUp);
        Assert.True(catchUp.MissedFires >= 2, $"the catch-up stands for {catchUp.MissedFires} missed times");
        Assert.True(catchUp.ScheduledTime > downAt);
        // Only the catch-up and the times within the misfire threshold fired for the down time, not every missed second.
        var forDownTime = runs.Where(r => r.ScheduledTime > before.Max(b => b.ScheduledTime) && r.ScheduledTime < catchUp.ScheduledTime + JobDaemonFixture.MisfireMilliseconds + 1000).ToList();
        Assert.True(forDownTime.Count <= 1 + 1 + JobDaemonFixture.MisfireMilliseconds / 1000 + 2, $"{forDownTime.Count} runs for the down time");

        // The run in flight when the daemon stopped is carried on by the restarted one.
        foreach (var run in before)
        {
            Assert.Equal("SUCCESS", (await daemon.WaitForFinalAsync(run.RunId)).State.ResultState);
        }
        await daemon.Jobs.DeleteJobAsync(new DeleteJobRequest { WorkspaceId = daemon.WorkspaceId, JobId = jobId });
    }
}
