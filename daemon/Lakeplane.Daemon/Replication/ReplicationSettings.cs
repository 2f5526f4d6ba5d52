using System.Globalization;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// How replicas share the background loops, from the environment.
/// </summary>
/// <param name="LeaseDuration">LAKEPLANE_LEASE_MS (default 10000): how long the cluster and provisioning leases last unless
/// renewed (every third of it). A survivor takes a loop over at most this long after its holder died. The job lease has its
/// own setting, LAKEPLANE_JOBS_LEASE_MS.</param>
public sealed record ReplicationSettings(TimeSpan LeaseDuration)
{
    public static ReplicationSettings FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("LAKEPLANE_LEASE_MS");
        if (string.IsNullOrEmpty(text))
        {
            return new ReplicationSettings(TimeSpan.FromSeconds(10));
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 300
            ? new ReplicationSettings(TimeSpan.FromMilliseconds(value))
            : throw new ArgumentException($"LAKEPLANE_LEASE_MS '{text}' is not a whole number of milliseconds of at least 300.");
    }
}
