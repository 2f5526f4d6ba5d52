namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>The tags that make an instance lakeplaned's: a restarted daemon finds its nodes by them
/// (DescribeInstances filtered on the account and workspace), and reads the cluster and node ids from them.</summary>
public static class Ec2Tags
{
    public const string AccountId = "lakeplane:account-id";
    public const string WorkspaceId = "lakeplane:workspace-id";
    public const string ClusterId = "lakeplane:cluster-id";
    public const string NodeId = "lakeplane:node-id";
    public const string Role = "lakeplane:role";
    public const string Name = "Name";
}
