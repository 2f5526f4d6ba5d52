using System.Globalization;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// This process's name among the replicas of one store: host, pid and a random suffix, so a restarted process (even with
/// a reused pid) is never taken for the one before it. Leases and replica rows name their holder by it.
/// </summary>
public sealed class ReplicaIdentity
{
    public string Id { get; } = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];
}
