namespace Lakeplane.Daemon.Compute;

/// <summary>A node a driver has started.</summary>
/// <param name="InstanceId">The driver's handle for the node: stable for its life, never reused for another node.</param>
public sealed record LaunchedNode(string InstanceId, string PrivateIp, DateTimeOffset LaunchedAt);

/// <summary>A node found alive by a driver, with the cluster and node ids it was launched for.</summary>
public sealed record OwnedNode(string InstanceId, string ClusterId, string NodeId, string PrivateIp);
