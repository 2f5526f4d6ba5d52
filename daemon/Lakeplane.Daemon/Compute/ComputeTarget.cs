namespace Lakeplane.Daemon.Compute;

/// <summary>
/// Where and as whom a workspace's nodes run: the workspace's AWS region, the cross-account role of its credentials
/// (with the external id its trust policy requires), and the subnets and security groups of its network. The
/// <c>local</c> driver needs none of it; the <c>ec2</c> driver needs all of it.
/// </summary>
/// <param name="SubnetIds">Empty when the workspace has no customer-managed network (network_id unset).</param>
public sealed record ComputeTarget(
    long WorkspaceId,
    string AccountId,
    string AwsRegion,
    string RoleArn,
    string ExternalId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds);
