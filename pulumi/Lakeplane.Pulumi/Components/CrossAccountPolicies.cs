using System.Text.Json.Nodes;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// The IAM documents of the cross-account role Lakeplane's control plane assumes: the trust
/// policy (only the control plane's principal, and only with sts:ExternalId = the Lakeplane
/// account id, which blocks the confused deputy) and the permissions the compute driver needs
/// to run cluster nodes in the customer's VPC.
/// </summary>
public static class CrossAccountPolicies
{
    public static string TrustPolicy(string trustedPrincipalArn, string externalId) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = trustedPrincipalArn },
            ["Action"] = "sts:AssumeRole",
            ["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = externalId },
            },
        }),
    }.ToJsonString();

    /// <summary>What the ec2 compute driver calls: run and terminate nodes, tag them, manage their volumes and security group rules.</summary>
    public static string ComputePolicy() => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(
            new JsonObject
            {
                ["Sid"] = "LakeplaneComputeNodes",
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray(
                    "ec2:RunInstances", "ec2:TerminateInstances", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
                    "ec2:CreateTags", "ec2:DeleteTags", "ec2:DescribeAvailabilityZones", "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "ec2:CreateVolume", "ec2:DeleteVolume",
                    "ec2:AttachVolume", "ec2:DetachVolume", "ec2:DescribeVolumes",
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                    "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
                    "ec2:RequestSpotInstances", "ec2:CancelSpotInstanceRequests", "ec2:DescribeSpotInstanceRequests"),
                ["Resource"] = "*",
            },
            new JsonObject
            {
                ["Sid"] = "LakeplaneSpotServiceLinkedRole",
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray("iam:CreateServiceLinkedRole", "iam:PutRolePolicy"),
                ["Resource"] = "arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
                ["Condition"] = new JsonObject
                {
                    ["StringLike"] = new JsonObject { ["iam:AWSServiceName"] = "spot.amazonaws.com" },
                },
            }),
    }.ToJsonString();
}
