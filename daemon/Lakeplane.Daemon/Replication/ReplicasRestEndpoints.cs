using Lakeplane.Daemon.Rest;

namespace Lakeplane.Daemon.Replication;

/// <summary>GET /api/2.0/accounts/{account_id}/replicas (a Lakeplane extension, account admins only): the live replicas and
/// the holder, epoch and expiry of each loop lease.</summary>
public static class ReplicasRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/2.0/accounts/{account_id}/replicas", async (HttpContext http, string account_id, ReplicaStatus status) =>
            Results.Json(await status.ReadAsync(await RestCall.CallerAsync(http), account_id, http.RequestAborted), ReplicationJsonContext.Default.ReplicasJson));
}
