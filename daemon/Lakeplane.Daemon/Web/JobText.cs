using System.Globalization;
using Lakeplane.Daemon.Jobs;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Html;

namespace Lakeplane.Daemon.Web;

/// <summary>How the jobs views word schedules, run states, tasks and durations.</summary>
public static class JobText
{
    public static bool HasSchedule(CronSchedule? schedule) => schedule is { QuartzCronExpression.Length: > 0 };

    public static bool IsPaused(CronSchedule? schedule) => schedule?.PauseStatus == CronTimetable.Paused;

    /// <summary>The cron expression in the job's own time zone (the zone the schedule fires in, not the viewer's).</summary>
    public static string Schedule(CronSchedule? schedule) => HasSchedule(schedule)
        ? $"{schedule!.QuartzCronExpression} ({(schedule.TimezoneId.Length == 0 ? "UTC" : schedule.TimezoneId)})"
        : "manual only";

    /// <summary>When an unpaused schedule fires next, by the scheduler's own timetable; 0 when paused or never again.</summary>
    public static long NextFire(CronSchedule? schedule, DateTimeOffset now)
    {
        if (!HasSchedule(schedule) || IsPaused(schedule))
        {
            return 0;
        }
        try
        {
            return CronTimetable.Parse(schedule!).NextAfter(now)?.ToUnixTimeMilliseconds() ?? 0;
        }
        catch (Errors.LakeplaneException)
        {
            // A stored schedule passed validation when it was saved; one that no longer fires (a past year) has no next time.
            return 0;
        }
    }

    /// <summary>The result once there is one (SUCCESS, FAILED, CANCELED…), else the life cycle (PENDING, RUNNING…).</summary>
    public static string StateWord(RunState? state) =>
        state is null ? RunStates.Pending : state.ResultState.Length > 0 ? state.ResultState : state.LifeCycleState;

    public static IHtmlContent State(RunState? state) => UiFormat.State(StateWord(state));

    /// <summary>Whether the run or task may still change (the same rule as the orchestrator's: its life cycle is not final).</summary>
    public static bool IsActive(RunState? state) => state is null || !RunStates.IsFinal(state.LifeCycleState);

    /// <summary>How long something ran; "—" before it started and while it runs (a live page would show a stale count).</summary>
    public static string Duration(long start, long end)
    {
        if (start <= 0 || end <= 0)
        {
            return "—";
        }
        var span = TimeSpan.FromMilliseconds(Math.Max(0, end - start));
        return span.TotalHours >= 1 ? span.ToString(@"h\h\ mm\m", CultureInfo.InvariantCulture)
            : span.TotalMinutes >= 1 ? span.ToString(@"m\m\ ss\s", CultureInfo.InvariantCulture)
            : span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
    }

    public static string Retries(int maxRetries) => maxRetries switch
    {
        0 => "none",
        < 0 => "unlimited",
        _ => maxRetries.ToString(CultureInfo.InvariantCulture),
    };

    public static string Command(CommandTask? command, SparkPythonTask? python) =>
        command is not null ? command.Command + Parameters(command.Parameters)
        : python is not null ? "python3 " + python.PythonFile + Parameters(python.Parameters)
        : "";

    public static string Kind(CommandTask? command, SparkPythonTask? python) =>
        command is not null ? "command" : python is not null ? "python file" : "";

    public static string NewCluster(NewCluster cluster) =>
        $"{cluster.NodeTypeId}, " + (cluster.Autoscale is { } scale
            ? $"autoscale {scale.MinWorkers}–{scale.MaxWorkers} workers"
            : $"{(cluster.HasNumWorkers ? cluster.NumWorkers : 0)} workers") + $", {cluster.SparkVersion}";

    private static string Parameters(IEnumerable<string> parameters) =>
        string.Concat(parameters.Select(p => " " + p));
}
