using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Jobs;
using Lakeplane.Protos.V1;

namespace Lakeplane.Jobs.Tests.Schedules;

/// <summary>Quartz cron semantics as Databricks documents them: seconds first, '?', L and #, time zones and their
/// daylight-saving changes.</summary>
public sealed class CronTimetableTests
{
    private static CronTimetable Parse(string expression, string zone = "UTC") =>
        CronTimetable.Parse(new CronSchedule { QuartzCronExpression = expression, TimezoneId = zone });

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void SecondsField_AndQuestionMark_AreQuartzSyntax()
    {
        var every15s = Parse("*/15 * * * * ?");
        Assert.Equal(Utc("2026-01-05T12:00:15Z"), every15s.NextAfter(Utc("2026-01-05T12:00:00Z")));
        Assert.Equal(Utc("2026-01-05T12:00:30Z"), every15s.NextAfter(Utc("2026-01-05T12:00:15Z")));
    }

    [Fact]
    public void LastDayOfMonth_AndNthWeekday_AreQuartzSyntax()
    {
        Assert.Equal(Utc("2026-02-28T18:00:00Z"), Parse("0 0 18 L * ?").NextAfter(Utc("2026-02-01T00:00:00Z")));
        // The second Monday of March 2026.
        Assert.Equal(Utc("2026-03-09T09:00:00Z"), Parse("0 0 9 ? 3 MON#2").NextAfter(Utc("2026-01-01T00:00:00Z")));
    }

    [Fact]
    public void TimeZone_PutsTheLocalTimeOnTheRightInstant_InWinterAndSummer()
    {
        var newYork = Parse("0 30 8 * * ?", "America/New_York");
        Assert.Equal(Utc("2026-01-05T13:30:00Z"), newYork.NextAfter(Utc("2026-01-05T00:00:00Z")));
        Assert.Equal(Utc("2026-07-06T12:30:00Z"), newYork.NextAfter(Utc("2026-07-06T00:00:00Z")));
    }

    [Fact]
    public void SpringForward_ATimeThatDoesNotExistLocally_FiresOnce_AtTheJump()
    {
        // Europe/Amsterdam jumps from 02:00 to 03:00 on 29 March 2026: there is no 02:30 that day, and Quartz fires it
        // at 03:00 local (01:00 UTC), once; the next day is back at 02:30 local.
        var amsterdam = Parse("0 30 2 * * ?", "Europe/Amsterdam");
        var first = amsterdam.NextAfter(Utc("2026-03-28T12:00:00Z"))!.Value;
        var second = amsterdam.NextAfter(first)!.Value;
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), first);
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), second);
    }

    [Fact]
    public void FallBack_ATimeThatOccursTwiceLocally_FiresOnce()
    {
        // On 25 October 2026 Amsterdam's clocks go from 03:00 back to 02:00: 02:30 happens twice.
        var amsterdam = Parse("0 30 2 * * ?", "Europe/Amsterdam");
        var fires = new List<DateTimeOffset>();
        for (var at = amsterdam.NextAfter(Utc("2026-10-24T12:00:00Z")); at < Utc("2026-10-26T12:00:00Z"); at = amsterdam.NextAfter(at!.Value))
        {
            fires.Add(at!.Value);
        }
        Assert.Equal([Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z")], fires);
    }

    [Theory]
    [InlineData("0 0 6 * *", "quartz_cron_expression")]
    [InlineData("0 0 25 * * ?", "quartz_cron_expression")]
    [InlineData("0 61 6 * * ?", "quartz_cron_expression")]
    [InlineData("", "quartz_cron_expression")]
    [InlineData("0 0 6 * * ? 2001", "quartz_cron_expression")]
    public void BadExpression_IsRefused_NamingTheField(string expression, string field)
    {
        var error = Assert.Throws<LakeplaneException>(() => Parse(expression));
        Assert.Equal("schedule." + field, error.Field);
        Assert.Contains("quartz_cron_expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTimeZone_IsRefused_NamingTheField()
    {
        var error = Assert.Throws<LakeplaneException>(() => Parse("0 0 6 * * ?", "Europe/Atlantis"));
        Assert.Equal("schedule.timezone_id", error.Field);
    }
}
