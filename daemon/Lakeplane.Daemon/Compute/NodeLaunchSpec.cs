namespace Lakeplane.Daemon.Compute;

/// <summary>Everything a driver needs to start one node of a cluster.</summary>
/// <param name="NodeSecret">The secret the node authenticates its heartbeats with. Handed to the node out of band
/// (the environment for local nodes, never the command line); the daemon keeps only its hash.</param>
/// <param name="Tags">Ownership and custom tags (ClusterId, ClusterName, Vendor, the cluster's custom_tags).</param>
/// <param name="Target">The workspace's region, credentials role and network, for drivers that launch in the customer's account.</param>
public sealed record NodeLaunchSpec(
    string AccountId,
    long WorkspaceId,
    string ClusterId,
    string NodeId,
    NodeRole Role,
    NodeTypeSpec NodeType,
    string SparkVersion,
    string NodeSecret,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> SparkEnvVars,
    ComputeTarget Target);

public enum NodeRole
{
    Driver,
    Worker,
}

/// <summary>One entry of the node type catalogue: what a node of this type is sized at.</summary>
public sealed record NodeTypeSpec(string NodeTypeId, double NumCores, long MemoryMb, string Description, string InstanceTypeId, string Category);
