using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// A loop tried to commit a decision under a lease this replica no longer holds (it expired, or another replica took it
/// over with a higher epoch): the transaction was rolled back, and the loop must stop acting until it holds the lease again.
/// </summary>
public sealed class LeaseLostException(string role, string why)
    : StoreException($"This replica no longer holds the '{role}' lease ({why}); the decision was not committed.")
{
    public string Role { get; } = role;
}
