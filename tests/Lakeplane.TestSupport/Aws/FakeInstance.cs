namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>An instance the stand-in EC2 "launched": what RunInstances asked for, and its state since.</summary>
public sealed class FakeInstance
{
    public required string InstanceId { get; init; }
    public required string ReservationId { get; init; }
    public required string ImageId { get; init; }
    public required string InstanceType { get; init; }
    public required string SubnetId { get; init; }
    public required IReadOnlyList<string> SecurityGroupIds { get; init; }
    public required string PrivateIp { get; init; }
    public required DateTimeOffset LaunchTime { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required string ClientToken { get; init; }

    /// <summary>The decoded user data: the boot script the node image runs.</summary>
    public required string UserData { get; init; }

    /// <summary>Where this instance's "disk" is: the boot script's LAKEPLANE_HOME.</summary>
    public required string Home { get; init; }

    public string State { get; set; } = "pending";
}
