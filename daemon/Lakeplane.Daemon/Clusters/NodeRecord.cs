using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// One node the cluster manager wants to exist, kept in the store (kind cluster_node, scope cluster:&lt;id&gt;). Written
/// BEFORE the driver launches the node, so a daemon that dies mid-launch finds the node again by its ids on restart
/// instead of launching a second one.
/// </summary>
/// <param name="Role">driver or worker.</param>
/// <param name="InstanceId">The driver's handle ("" until the launch returned); for local nodes it holds the pid
/// and the process start time, so a reused pid is never mistaken for the node.</param>
/// <param name="LaunchedAt">Epoch milliseconds; nodes launched before the cluster's last restart are old and go.</param>
/// <param name="RegisteredAt">Epoch milliseconds of the node's first heartbeat, 0 before.</param>
/// <param name="SecretHash">SHA-256 of the node's secret: the node authenticates its heartbeats with the secret.</param>
/// <param name="Cause">Why the node was launched: CREATE, RESTART, USER_REQUEST, AUTOSCALE, AUTORECOVERY.</param>
/// <param name="Announced">Whether an event already reported the node as added.</param>
public sealed record NodeRecord(
    string NodeId,
    string ClusterId,
    string AccountId,
    long WorkspaceId,
    string Role,
    string NodeTypeId,
    string InstanceId,
    string PrivateIp,
    long LaunchedAt,
    long RegisteredAt,
    string SecretHash,
    string Cause,
    bool Announced)
{
    public const string DriverRole = "driver";
    public const string WorkerRole = "worker";

    public bool IsDriver => Role == DriverRole;

    public string Serialize() => JsonSerializer.Serialize(this, ClusterJsonContext.Default.NodeRecord);

    public static NodeRecord Read(string body) =>
        JsonSerializer.Deserialize(body, ClusterJsonContext.Default.NodeRecord) ?? throw new InvalidDataException("Empty cluster node record.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NodeRecord))]
[JsonSerializable(typeof(NodeHeartbeatJson))]
[JsonSerializable(typeof(NodeHeartbeatAnswerJson))]
[JsonSerializable(typeof(NodeLivenessRecord))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;

/// <summary>What a node agent reports on each heartbeat. Pending and running work are the autoscaler's and the
/// inactivity timer's input (the driver's task queue; jobs fill it in a later issue).</summary>
public sealed class NodeHeartbeatJson
{
    public string? ClusterId { get; set; }
    public string? NodeId { get; set; }
    public int Pid { get; set; }
    public int PendingWork { get; set; }
    public int RunningWork { get; set; }
}

public sealed class NodeHeartbeatAnswerJson
{
    public int HeartbeatIntervalMs { get; set; }
}
