namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// What the first start created: the account and its admin. Its presence in the store (not in
/// the data directory) is what says "already bootstrapped", so replicas on one PostgreSQL agree.
/// </summary>
public sealed record InstallationRecord(string AccountId, string AdminPrincipalId, long CreatedAtMillis);
