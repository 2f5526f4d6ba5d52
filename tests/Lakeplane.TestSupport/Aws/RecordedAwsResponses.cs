using System.Globalization;
using System.Xml.Linq;

namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>
/// AWS query-protocol responses in the shapes recorded from EC2 (API version 2016-11-15) and STS (2011-06-15): the
/// envelopes are the recorded ones, with the ids, times and tags of the request at hand filled in.
/// </summary>
public static class RecordedAwsResponses
{
    public static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static string AssumeRole(string roleArn, string sessionName, string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expiration) =>
        new XDocument(new XElement(Sts + "AssumeRoleResponse",
            new XElement(Sts + "AssumeRoleResult",
                new XElement(Sts + "SourceIdentity"),
                new XElement(Sts + "AssumedRoleUser",
                    new XElement(Sts + "AssumedRoleId", "AROA3XFRBF535PLBIFPI4:" + sessionName),
                    new XElement(Sts + "Arn", roleArn.Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal) + "/" + sessionName)),
                new XElement(Sts + "Credentials",
                    new XElement(Sts + "AccessKeyId", accessKeyId),
                    new XElement(Sts + "SecretAccessKey", secretAccessKey),
                    new XElement(Sts + "SessionToken", sessionToken),
                    new XElement(Sts + "Expiration", expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))),
                new XElement(Sts + "PackedPolicySize", "6")),
            new XElement(Sts + "ResponseMetadata", new XElement(Sts + "RequestId", Guid.NewGuid().ToString())))).ToString();

    public static string StsError(string code, string message) =>
        new XDocument(new XElement(Sts + "ErrorResponse",
            new XElement(Sts + "Error", new XElement(Sts + "Type", "Sender"), new XElement(Sts + "Code", code), new XElement(Sts + "Message", message)),
            new XElement(Sts + "RequestId", Guid.NewGuid().ToString()))).ToString();

    /// <summary>EC2's error envelope (no namespace, as EC2 sends it).</summary>
    public static string Ec2Error(string code, string message) =>
        new XDocument(new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", Guid.NewGuid().ToString()))).ToString();

    public static string RunInstances(string reservationId, FakeInstance instance) =>
        new XDocument(new XElement(Ec2 + "RunInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid().ToString()),
            new XElement(Ec2 + "reservationId", reservationId),
            new XElement(Ec2 + "ownerId", "123456789012"),
            new XElement(Ec2 + "groupSet"),
            new XElement(Ec2 + "instancesSet", Item(instance)))).ToString();

    public static string DescribeInstances(IEnumerable<FakeInstance> instances) =>
        new XDocument(new XElement(Ec2 + "DescribeInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid().ToString()),
            new XElement(Ec2 + "reservationSet", instances.Select(instance => new XElement(Ec2 + "item",
                new XElement(Ec2 + "reservationId", instance.ReservationId),
                new XElement(Ec2 + "ownerId", "123456789012"),
                new XElement(Ec2 + "groupSet"),
                new XElement(Ec2 + "instancesSet", Item(instance))))))).ToString();

    public static string TerminateInstances(IEnumerable<(string InstanceId, string Previous, string Current)> changes) =>
        new XDocument(new XElement(Ec2 + "TerminateInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid().ToString()),
            new XElement(Ec2 + "instancesSet", changes.Select(change => new XElement(Ec2 + "item",
                new XElement(Ec2 + "instanceId", change.InstanceId),
                State("currentState", change.Current),
                State("previousState", change.Previous)))))).ToString();

    private static XElement Item(FakeInstance instance) =>
        new(Ec2 + "item",
            new XElement(Ec2 + "instanceId", instance.InstanceId),
            new XElement(Ec2 + "imageId", instance.ImageId),
            State("instanceState", instance.State),
            new XElement(Ec2 + "privateDnsName", "ip-" + instance.PrivateIp.Replace('.', '-') + ".ec2.internal"),
            new XElement(Ec2 + "amiLaunchIndex", "0"),
            new XElement(Ec2 + "instanceType", instance.InstanceType),
            new XElement(Ec2 + "launchTime", instance.LaunchTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            new XElement(Ec2 + "placement", new XElement(Ec2 + "availabilityZone", "us-east-1a"), new XElement(Ec2 + "tenancy", "default")),
            new XElement(Ec2 + "subnetId", instance.SubnetId),
            new XElement(Ec2 + "vpcId", "vpc-0a1b2c3d4e5f67890"),
            new XElement(Ec2 + "privateIpAddress", instance.PrivateIp),
            new XElement(Ec2 + "groupSet", instance.SecurityGroupIds.Select(id => new XElement(Ec2 + "item", new XElement(Ec2 + "groupId", id)))),
            new XElement(Ec2 + "tagSet", instance.Tags.Select(tag => new XElement(Ec2 + "item", new XElement(Ec2 + "key", tag.Key), new XElement(Ec2 + "value", tag.Value)))));

    private static XElement State(string element, string name) =>
        new(Ec2 + element,
            new XElement(Ec2 + "code", name switch { "pending" => "0", "running" => "16", "shutting-down" => "32", "terminated" => "48", "stopping" => "64", _ => "80" }),
            new XElement(Ec2 + "name", name));
}
