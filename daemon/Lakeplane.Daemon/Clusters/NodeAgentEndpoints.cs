using System.Security.Cryptography;
using System.Text;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Rest;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// Where node agents report: one heartbeat a second with the work their queue holds. A node authenticates with the
/// secret it was launched with (Authorization: Bearer), checked against the hash in its record; the first heartbeat
/// registers it. A node the daemon no longer knows is answered 410 Gone, and its agent exits.
/// </summary>
public static class NodeAgentEndpoints
{
    public const string HeartbeatPath = "/api/lakeplane/v1/nodes/heartbeat";
    private const string Scheme = "Bearer ";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(HeartbeatPath, async (HttpContext http, IStore store, NodeHeartbeats heartbeats, ClusterSignal signal, ClusterSettings settings, TimeProvider time) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            if (!header.StartsWith(Scheme, StringComparison.Ordinal))
            {
                throw LakeplaneException.Unauthenticated("A node heartbeat needs 'Authorization: Bearer <node secret>'.");
            }
            NodeHeartbeatJson body;
            try
            {
                body = await RestCall.ReadBodyAsync(http, ClusterJsonContext.Default.NodeHeartbeatJson);
            }
            catch (BadHttpRequestException)
            {
                // The node went away mid-request (it was being terminated): nothing to record.
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }
            var nodeId = body.NodeId ?? "";
            var row = nodeId.Length == 0 ? null : await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.ClusterNode, nodeId, http.RequestAborted), http.RequestAborted);
            if (row is null)
            {
                return Results.Json(new RestError("RESOURCE_DOES_NOT_EXIST", $"No node {nodeId}: the cluster no longer wants it; stop."), RestJsonContext.Default.RestError,
                    statusCode: StatusCodes.Status410Gone);
            }
            var record = NodeRecord.Read(row.Body);
            var presented = Encoding.ASCII.GetBytes(TokenSecrets.Hash(header[Scheme.Length..].Trim()));
            if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(record.SecretHash)) || record.ClusterId != body.ClusterId)
            {
                throw LakeplaneException.Unauthenticated("The node secret does not match this node.");
            }
            var first = heartbeats.Latest(nodeId) is null;
            var liveness = heartbeats.Record(nodeId, Math.Max(0, body.PendingWork), Math.Max(0, body.RunningWork));
            if (record.RegisteredAt == 0)
            {
                await RegisterAsync(store, nodeId, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
            }
            // Any replica may hear a node, only the lease holder reconciles: what it must know goes through the store.
            if (heartbeats.ShouldPersist(nodeId, liveness, settings.NodeTimeout / 4))
            {
                await NodeLivenessRows.WriteAsync(store, record.AccountId, record.ClusterId, nodeId, liveness, http.RequestAborted);
            }
            if (first)
            {
                // A node coming up may complete its cluster's start: let the reconciler look now.
                signal.Notify();
            }
            return Results.Json(new NodeHeartbeatAnswerJson { HeartbeatIntervalMs = (int)settings.HeartbeatInterval.TotalMilliseconds },
                ClusterJsonContext.Default.NodeHeartbeatAnswerJson);
        });
    }

    private static Task RegisterAsync(IStore store, string nodeId, long now, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var current = await transaction.GetAsync(ObjectKinds.ClusterNode, nodeId, cancellationToken);
            if (current is null)
            {
                return false;
            }
            var record = NodeRecord.Read(current.Body);
            if (record.RegisteredAt > 0)
            {
                return false;
            }
            await transaction.UpdateAsync(ObjectKinds.ClusterNode, current.Id, current.Version, "", (record with { RegisteredAt = now }).Serialize(), cancellationToken);
            return true;
        }, cancellationToken);
}
