using System.Globalization;
using System.Text.RegularExpressions;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Durations as Terraform users write them in timeouts blocks, Go's time.ParseDuration syntax
/// without a sign: "20m", "1h30m", "90s", "1.5h". Units h, m, s, ms, us (µs), ns.
/// </summary>
public static partial class GoDuration
{
    public const string Example = "a duration such as \"20m\", \"1h30m\" or \"90s\" (units h, m, s, ms)";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!Whole().IsMatch(text))
        {
            return false;
        }
        double ticks = 0;
        foreach (Match part in Part().Matches(text))
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            ticks += amount * part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 0.01, // ns: a tick is 100 ns
            };
        }
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }
        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"\"{text}\" is not {Example}");

    [GeneratedRegex(@"^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)(?<unit>h|ms|m|s|us|µs|ns)")]
    private static partial Regex Part();
}
