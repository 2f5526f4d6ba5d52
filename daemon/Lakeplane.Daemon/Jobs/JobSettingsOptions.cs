using System.Globalization;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// How the job scheduler runs, from the environment (LAKEPLANE_JOBS_*).
/// </summary>
/// <param name="LeaseDuration">How long a replica's scheduler lease lasts unless renewed (renewed every third of it).
/// A replica taking over waits this long after the holder's last renewal.</param>
/// <param name="MisfireThreshold">A schedule time missed by less than this still fires, late (a replica taking over
/// after a failover loses no run). Older missed times collapse into at most one catch-up run.</param>
/// <param name="OutputLimitBytes">runs/get-output returns at most this much of a task's stdout, with a note when cut.</param>
/// <param name="OrchestratorInterval">How often the run orchestrator looks without being woken (runs changed by another
/// replica, retry intervals, timeouts).</param>
public sealed record JobSettingsOptions(TimeSpan LeaseDuration, TimeSpan MisfireThreshold, int OutputLimitBytes, TimeSpan OrchestratorInterval)
{
    public static JobSettingsOptions FromEnvironment()
    {
        var lease = Milliseconds("LAKEPLANE_JOBS_LEASE_MS", 10_000);
        return new JobSettingsOptions(
            lease,
            Milliseconds("LAKEPLANE_JOBS_MISFIRE_MS", (int)(lease.TotalMilliseconds * 3)),
            (int)Milliseconds("LAKEPLANE_JOBS_OUTPUT_LIMIT_BYTES", 5 * 1024 * 1024).TotalMilliseconds,
            Milliseconds("LAKEPLANE_JOBS_POLL_MS", 1000));
    }

    private static TimeSpan Milliseconds(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.FromMilliseconds(fallback);
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromMilliseconds(value)
            : throw new ArgumentException($"{name} '{text}' is not a positive whole number.");
    }
}
