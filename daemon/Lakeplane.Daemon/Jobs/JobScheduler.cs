using System.Globalization;
using System.Text.Json;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Fires job schedules on the leader replica. It sleeps until the earliest next cron time of any unpaused job (or a
/// job change), then fires every due time. Each fire is one transaction: a row keyed by (job, cron time), the run
/// (SKIPPED when max_concurrent_runs is reached) and the job's schedule mark, so a time fires at most once whichever
/// replica fires it, and a replica taking over resumes from the marks.
/// Times missed while no replica scheduled (daemon down, failover): those less than the misfire threshold before this
/// replica became leader still fire, late; older ones collapse into ONE catch-up run, recorded with the number of
/// times it stands for.
/// </summary>
public sealed class JobScheduler(
    IStore store,
    TimeProvider time,
    JobLeadership leadership,
    JobSignals signals,
    JobSettingsOptions options,
    ILogger<JobScheduler> logger) : BackgroundService
{
    public const string Actor = "lakeplaned (job scheduler)";

    /// <summary>Jobs are read again at least this often, to see changes made through another replica.</summary>
    private static readonly TimeSpan RereadInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    /// <summary>At most this many missed times are counted for one catch-up.</summary>
    private const int MissedCountCap = 10_000;

    private readonly Dictionary<string, ScheduledJob> _jobs = new(StringComparer.Ordinal);
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private volatile bool _reread = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        leadership.Acquired += () => _reread = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = TimeSpan.FromSeconds(1);
                if (leadership.IsLeader)
                {
                    try
                    {
                        var roundAt = time.GetUtcNow();
                        var fired = await FireDueAsync(stoppingToken);
                        wait = UntilNextFire();
                        if (logger.IsEnabled(LogLevel.Debug))
                        {
                            logger.LogDebug("Schedule round at {RoundAt:O} fired {Fired}; next look in {Wait} ms (at {NextAt:O})", roundAt, fired,
                                wait.TotalMilliseconds, time.GetUtcNow() + wait);
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        logger.LogError(exception, "Job schedule round failed; retrying");
                        _reread = true;
                    }
                }
                if (await signals.Schedules.WaitAsync(wait, stoppingToken))
                {
                    _reread = true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Fires every cron time that is due now; returns how many runs (or skipped runs) it recorded.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_reread || now - _readAt > RereadInterval)
        {
            await ReadJobsAsync(cancellationToken);
        }
        var fired = 0;
        foreach (var job in _jobs.Values)
        {
            fired += await FireJobAsync(job, now, cancellationToken);
        }
        return fired;
    }

    /// <summary>How long to sleep before the next round: until the earliest time not fired yet (capped, so jobs are
    /// re-read now and then); the minimum when one is due already.</summary>
    /// <remarks>Each job's next time is counted from its mark (the last time fired), never from the clock: a round
    /// that began just before a cron time (timers may wake a little early) does not fire it, and by the time the round
    /// ends the clock has passed it, so "the next time after now" would skip it and fire it a whole cron step late.</remarks>
    public TimeSpan UntilNextFire()
    {
        var now = time.GetUtcNow();
        var next = now + RereadInterval;
        foreach (var job in _jobs.Values)
        {
            if (job.Next is { } at && at < next)
            {
                next = at;
            }
        }
        // Whole milliseconds, rounded up: the wait below truncates, and waking before the time only costs a round.
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling((next - now).TotalMilliseconds));
        return wait < MinimumWait ? MinimumWait : wait;
    }

    private async Task ReadJobsAsync(CancellationToken cancellationToken)
    {
        _reread = false;
        _readAt = time.GetUtcNow();
        var (jobRows, markRows) = await store.ReadAsync(async reader =>
            (await reader.ListAllAsync(ObjectKinds.Job, cancellationToken: cancellationToken),
             await reader.ListAllAsync(ObjectKinds.JobScheduleMark, cancellationToken: cancellationToken)), cancellationToken);
        var marks = markRows.ToDictionary(row => row.Id, row => JsonSerializer.Deserialize(row.Body, JobJsonContext.Default.ScheduleMarkRecord)!, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in jobRows)
        {
            var job = JobRows.ReadJob(row);
            if (job.Settings.Schedule is not { } schedule || schedule.PauseStatus == CronTimetable.Paused)
            {
                continue;
            }
            var signature = schedule.QuartzCronExpression + "|" + schedule.TimezoneId;
            CronTimetable timetable;
            if (_jobs.TryGetValue(row.Id, out var known) && known.Signature == signature)
            {
                timetable = known.Timetable;
            }
            else
            {
                try
                {
                    timetable = CronTimetable.Parse(schedule);
                }
                catch (Errors.LakeplaneException exception)
                {
                    logger.LogWarning("Job {JobId} has a schedule this daemon cannot read ({Message}); not firing it", job.JobId, exception.Message);
                    continue;
                }
            }
            // Where the job's schedule stands: the last time fired for this very schedule, but never before the job's last
            // change, so creating, changing or unpausing a schedule never fires (or catches up on) times before that.
            var mark = row.UpdatedAt;
            if (marks.TryGetValue(row.Id, out var stored) && stored.Signature == signature && DateTimeOffset.FromUnixTimeMilliseconds(stored.LastScheduledTime) > mark)
            {
                mark = DateTimeOffset.FromUnixTimeMilliseconds(stored.LastScheduledTime);
            }
            if (known is not null && known.Signature == signature && known.Mark > mark)
            {
                mark = known.Mark;
            }
            _jobs[row.Id] = known is not null && known.Signature == signature && known.Mark == mark ? known : new ScheduledJob(row.Id, job.JobId, signature, timetable, mark);
            seen.Add(row.Id);
        }
        foreach (var gone in _jobs.Keys.Where(key => !seen.Contains(key)).ToList())
        {
            _jobs.Remove(gone);
        }
    }

    private async Task<int> FireJobAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = job.Next;
        if (next is null || next > now)
        {
            return 0;
        }
        var fired = 0;
        // Only times missed while no replica scheduled collapse: a leader that is merely late (a busy machine) fires each.
        var lateLimit = (leadership.LeaderSince < now ? leadership.LeaderSince : now) - options.MisfireThreshold;
        if (next < lateLimit)
        {
            // Missed long ago: one catch-up for the latest of them, recording how many it stands for.
            var missed = 0;
            var latest = next.Value;
            for (var at = next; at is not null && at < lateLimit && missed < MissedCountCap; at = job.Timetable.NextAfter(at.Value))
            {
                latest = at.Value;
                missed++;
            }
            if (missed >= MissedCountCap)
            {
                // Too many to walk: resume from the threshold.
                latest = lateLimit;
            }
            if (await FireAsync(job, latest, missed, cancellationToken))
            {
                fired++;
            }
            job.Mark = latest;
        }
        for (var at = job.Next; at is not null && at <= now; at = job.Next)
        {
            if (await FireAsync(job, at.Value, 0, cancellationToken))
            {
                fired++;
            }
            job.Mark = at.Value;
        }
        if (fired > 0)
        {
            signals.Runs.Notify();
        }
        return fired;
    }

    /// <summary>One cron time of one job, once: false when it was fired already (by this or another replica) or the job is gone.</summary>
    private Task<bool> FireAsync(ScheduledJob job, DateTimeOffset scheduledTime, int missed, CancellationToken cancellationToken) =>
        leadership.Lease.WriteAsync(async transaction =>
        {
            var scheduledMs = scheduledTime.ToUnixTimeMilliseconds();
            var fireId = job.Key + ":" + scheduledMs.ToString("D15", CultureInfo.InvariantCulture);
            if (await transaction.GetAsync(ObjectKinds.JobFire, fireId, cancellationToken) is not null)
            {
                return false;
            }
            var jobRow = await transaction.GetAsync(ObjectKinds.Job, job.Key, cancellationToken);
            if (jobRow is null)
            {
                return false;
            }
            var firedAt = time.GetUtcNow();
            var run = await RunLauncher.LaunchAsync(transaction, jobRow, RunStates.TriggerPeriodic, JobRows.ReadJob(jobRow).CreatorUserName, firedAt, scheduledMs, missed,
                cancellationToken);
            var fire = new FireRecord(job.JobId, scheduledMs, firedAt.ToUnixTimeMilliseconds(), run.RunId, run.State.LifeCycleState, missed > 0, missed, leadership.Replica);
            await transaction.InsertAsync(ObjectKinds.JobFire, fireId, jobRow.AccountId, ObjectKinds.JobScope(job.JobId), "",
                JsonSerializer.Serialize(fire, JobJsonContext.Default.FireRecord), cancellationToken);
            var mark = JsonSerializer.Serialize(new ScheduleMarkRecord(scheduledMs, job.Signature), JobJsonContext.Default.ScheduleMarkRecord);
            var markRow = await transaction.GetAsync(ObjectKinds.JobScheduleMark, job.Key, cancellationToken);
            if (markRow is null)
            {
                await transaction.InsertAsync(ObjectKinds.JobScheduleMark, job.Key, jobRow.AccountId, ObjectKinds.JobScope(job.JobId), "", mark, cancellationToken);
            }
            else
            {
                await transaction.UpdateAsync(ObjectKinds.JobScheduleMark, job.Key, markRow.Version, "", mark, cancellationToken);
            }
            var details = missed > 0
                ? $"run_id={run.RunId.ToString(CultureInfo.InvariantCulture)} state={run.State.LifeCycleState} catch-up for {missed.ToString(CultureInfo.InvariantCulture)} missed schedule time(s), the latest {scheduledTime:O}"
                : $"run_id={run.RunId.ToString(CultureInfo.InvariantCulture)} state={run.State.LifeCycleState} scheduled {scheduledTime:O}";
            await transaction.AppendAuditAsync(jobRow.AccountId, Actor, "job.schedule_fire", ObjectKinds.Job, job.Key, details, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>A scheduled job as the scheduler holds it, with its next cron time worked out once per mark (the
    /// rounds compare it with the clock every second or so; Quartz's walk is kept to once per fire).</summary>
    private sealed class ScheduledJob(string key, long jobId, string signature, CronTimetable timetable, DateTimeOffset mark)
    {
        private DateTimeOffset _mark = mark;

        public string Key { get; } = key;
        public long JobId { get; } = jobId;
        public string Signature { get; } = signature;
        public CronTimetable Timetable { get; } = timetable;

        /// <summary>The first cron time after the mark: the next one to fire; null when the expression has no more.</summary>
        public DateTimeOffset? Next { get; private set; } = timetable.NextAfter(mark);

        /// <summary>The last time fired (or the schedule's start): times up to it never fire again.</summary>
        public DateTimeOffset Mark
        {
            get => _mark;
            set
            {
                _mark = value;
                Next = Timetable.NextAfter(value);
            }
        }
    }
}
