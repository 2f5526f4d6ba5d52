using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;
using Quartz;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// A job's schedule as times: the Quartz cron expression (Quartz.NET's own parser, so the syntax is exactly the one
/// Databricks documents: seconds first, '?' for "no specific value", L, W, #, an optional year) evaluated in the
/// schedule's time zone, with Quartz's handling of daylight-saving gaps and overlaps.
/// </summary>
public sealed class CronTimetable
{
    public const string Paused = "PAUSED";
    public const string Unpaused = "UNPAUSED";

    private readonly CronExpression _expression;

    private CronTimetable(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses a schedule, or INVALID_PARAMETER_VALUE naming the field under <paramref name="path"/> ("schedule").</summary>
    public static CronTimetable Parse(CronSchedule schedule, string path = "schedule")
    {
        var text = schedule.QuartzCronExpression.Trim();
        if (text.Length == 0)
        {
            throw LakeplaneException.Invalid(path + ".quartz_cron_expression",
                "quartz_cron_expression is required: a Quartz cron expression such as \"0 0 6 * * ?\" (seconds minutes hours day-of-month month day-of-week).");
        }
        var zone = FindZone(schedule.TimezoneId, path + ".timezone_id");
        CronExpression expression;
        try
        {
            expression = new CronExpression(text, zone);
        }
        catch (FormatException exception)
        {
            throw LakeplaneException.Invalid(path + ".quartz_cron_expression",
                $"quartz_cron_expression \"{text}\" is not a Quartz cron expression: {exception.Message.TrimEnd('.')}. " +
                "Give seconds minutes hours day-of-month month day-of-week [year], with '?' in one of the two day fields, e.g. \"0 30 2 * * ?\".");
        }
        if (schedule.PauseStatus.Length > 0 && schedule.PauseStatus is not (Paused or Unpaused))
        {
            throw LakeplaneException.Invalid(path + ".pause_status", $"pause_status '{schedule.PauseStatus}' is not PAUSED or UNPAUSED.");
        }
        if (expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null)
        {
            throw LakeplaneException.Invalid(path + ".quartz_cron_expression",
                $"quartz_cron_expression \"{text}\" never fires again (its times are all in the past): give one that has future times.");
        }
        return new CronTimetable(expression, zone);
    }

    /// <summary>The first schedule time strictly after <paramref name="after"/>; null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextValidTimeAfter(after);

    private static TimeZoneInfo FindZone(string timezoneId, string field)
    {
        if (timezoneId.Length == 0)
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timezoneId);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw LakeplaneException.Invalid(field, $"timezone_id '{timezoneId}' is not a time zone id: use an IANA (Java) id such as UTC, Europe/Amsterdam or America/Los_Angeles.");
        }
    }
}
