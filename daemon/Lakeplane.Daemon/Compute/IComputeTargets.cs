namespace Lakeplane.Daemon.Compute;

/// <summary>The workspaces compute may run for, read from the store each time: a driver that must find its nodes again
/// after a restart (ec2: per account and region) keeps no list of its own.</summary>
public interface IComputeTargets
{
    /// <summary>Every workspace that may have nodes (clusters that want nodes, or node records not yet removed), with
    /// its region, credentials role and network.</summary>
    Task<IReadOnlyList<ComputeTarget>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One workspace's target; null when the workspace no longer exists.</summary>
    Task<ComputeTarget?> FindAsync(long workspaceId, CancellationToken cancellationToken);
}
