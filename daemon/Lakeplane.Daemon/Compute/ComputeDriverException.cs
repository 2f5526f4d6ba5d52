namespace Lakeplane.Daemon.Compute;

/// <summary>
/// A driver could not do what it was asked, for a reason an operator must fix (a role it may not assume, a subnet
/// that does not exist, no capacity for an instance type). The message says what and how; the cluster manager shows
/// it as the cluster's state_message, so it never holds a secret.
/// </summary>
public sealed class ComputeDriverException(string message, Exception? inner = null) : Exception(message, inner);
