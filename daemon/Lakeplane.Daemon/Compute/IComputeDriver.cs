namespace Lakeplane.Daemon.Compute;

/// <summary>
/// Where cluster nodes actually run. The cluster manager decides which nodes should exist; a driver only
/// launches, lists, describes and terminates them. Drivers keep no state of their own that the manager
/// depends on: what a driver launched must be findable again through <see cref="ListOwnedAsync"/> (process
/// command lines for <c>local</c>, ownership tags for <c>ec2</c>), so a restarted daemon re-adopts its nodes
/// instead of leaking or duplicating them.
/// </summary>
public interface IComputeDriver
{
    /// <summary>The name operators configure (LAKEPLANE_COMPUTE_DRIVER): <c>local</c>, <c>ec2</c>.</summary>
    string Name { get; }

    /// <summary>Called once the daemon's API is reachable at <paramref name="daemonUrl"/>, before any other call: nodes
    /// launched by an earlier run of the daemon (which may have listened elsewhere) learn where to report now.</summary>
    Task AttachAsync(string daemonUrl, CancellationToken cancellationToken);

    /// <summary>Starts one node. Returns once the driver has a handle on it; the node registers with the daemon
    /// itself (it is handed the daemon's endpoint and its per-node secret) and only then counts as running.</summary>
    Task<LaunchedNode> LaunchAsync(NodeLaunchSpec spec, CancellationToken cancellationToken);

    /// <summary>Every node this daemon's driver owns that is still alive (launching or running), whatever the store says.</summary>
    Task<IReadOnlyList<OwnedNode>> ListOwnedAsync(CancellationToken cancellationToken);

    /// <summary>One node by its instance id; null when it no longer exists (or the id was reused by something else).</summary>
    Task<OwnedNode?> DescribeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Stops a node and waits (bounded) until it is gone. Terminating a node that is already gone is not an error.</summary>
    Task TerminateAsync(string instanceId, CancellationToken cancellationToken);
}
