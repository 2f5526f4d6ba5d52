using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// One loop's lease as stored (kind <c>loop_lease</c>, id = the loop's role). <see cref="Epoch"/> grows by one each time
/// the lease changes hands: it is the fencing token every decision of the loop is checked against.
/// </summary>
/// <param name="Holder">The replica holding it (<see cref="ReplicaIdentity.Id"/>).</param>
/// <param name="Epoch">1 for the first holder, +1 at every takeover.</param>
/// <param name="ExpiresAt">Epoch milliseconds after which the lease is free unless renewed.</param>
/// <param name="AcquiredAt">Epoch milliseconds of the takeover that began this epoch.</param>
public sealed record LeaseRecord(string Holder, long Epoch, long ExpiresAt, long AcquiredAt);

/// <summary>A live replica, as it announces itself in the store (kind <c>replica</c>): where node agents can reach it.</summary>
/// <param name="Url">The replica's API base URL, as its node agents reach it.</param>
/// <param name="ExpiresAt">Epoch milliseconds after which the replica counts as gone unless it renews.</param>
public sealed record ReplicaRecord(string Url, long ExpiresAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(ReplicaRecord))]
[JsonSerializable(typeof(ReplicasJson))]
internal sealed partial class ReplicationJsonContext : JsonSerializerContext;
