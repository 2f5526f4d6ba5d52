using Amazon.EC2;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>EC2 errors as messages that name what to fix: the role, the subnet, the instance type, the image.</summary>
public static class Ec2ErrorMessages
{
    public static ComputeDriverException Launch(AmazonEC2Exception exception, ComputeTarget target, string subnetId, string instanceType, string amiId)
    {
        var detail = $"{exception.ErrorCode}: {exception.Message}";
        var message = exception.ErrorCode switch
        {
            "UnauthorizedOperation" =>
                $"The workspace's credentials role {target.RoleArn} may not launch instances ({detail}). Grant it ec2:RunInstances and ec2:CreateTags " +
                $"on the subnet {subnetId}, its security groups, the image {amiId} and instances in {target.AwsRegion}.",
            "InsufficientInstanceCapacity" =>
                $"AWS has no capacity for instance type {instanceType} in the availability zone of subnet {subnetId} ({detail}). " +
                "Start the cluster again later, or choose another node_type_id.",
            "InstanceLimitExceeded" or "VcpuLimitExceeded" =>
                $"The AWS account of role {target.RoleArn} reached its limit for instance type {instanceType} in {target.AwsRegion} ({detail}). " +
                "Request a higher quota, or make the cluster smaller.",
            "Unsupported" or "InvalidParameterValue" when exception.Message.Contains(instanceType, StringComparison.Ordinal) =>
                $"Instance type {instanceType} cannot be launched in subnet {subnetId} ({detail}). Choose another node_type_id.",
            "InvalidSubnetID.NotFound" or "InvalidSubnetID.Malformed" =>
                $"Subnet {subnetId} of the workspace's network does not exist in {target.AwsRegion} for role {target.RoleArn} ({detail}). Correct the network's subnet_ids.",
            "InvalidGroup.NotFound" or "InvalidGroupId.Malformed" =>
                $"A security group of the workspace's network ({string.Join(", ", target.SecurityGroupIds)}) does not exist in {target.AwsRegion} ({detail}). " +
                "Correct the network's security_group_ids.",
            "InvalidAMIID.NotFound" or "InvalidAMIID.Malformed" or "InvalidAMIID.Unavailable" =>
                $"The node image {amiId} is not available to role {target.RoleArn} in {target.AwsRegion} ({detail}). Share the AMI with the account or correct LAKEPLANE_EC2_AMI_ID.",
            _ => $"EC2 RunInstances of a {instanceType} node in subnet {subnetId} ({target.AwsRegion}, role {target.RoleArn}) failed: {detail}",
        };
        return new ComputeDriverException(message, exception);
    }

    public static ComputeDriverException Other(AmazonEC2Exception exception, string action, ComputeTarget target)
    {
        var hint = exception.ErrorCode == "UnauthorizedOperation" ? $" Grant the role ec2:{action}." : "";
        return new ComputeDriverException(
            $"EC2 {action} in {target.AwsRegion} with the workspace's credentials role {target.RoleArn} failed: {exception.ErrorCode}: {exception.Message}{hint}", exception);
    }
}
