using System.Text.Json;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Replication;

/// <summary>Which replicas are alive and which holds each loop's lease, as the store says: for operators (account admins)
/// and the failover benchmark.</summary>
public sealed class ReplicaStatus(IStore store)
{
    public Task<ReplicasJson> ReadAsync(AuthenticatedPrincipal principal, string accountId, CancellationToken cancellationToken)
    {
        Authorization.RequireAccountAdmin(principal, accountId);
        return store.ReadAsync(async reader =>
        {
            var replicas = await reader.ListAllAsync(ReplicaDirectory.Kind, cancellationToken: cancellationToken);
            var leases = await reader.ListAllAsync(LoopLease.Kind, cancellationToken: cancellationToken);
            return new ReplicasJson
            {
                Replicas = replicas.Select(row =>
                {
                    var record = JsonSerializer.Deserialize(row.Body, ReplicationJsonContext.Default.ReplicaRecord)!;
                    return new ReplicaJson { ReplicaId = row.Id, Url = record.Url, ExpiresAt = record.ExpiresAt };
                }).ToList(),
                Leases = leases.Select(row =>
                {
                    var lease = LoopLease.Read(row.Body);
                    return new LeaseJson { Role = row.Id, Holder = lease.Holder, Epoch = lease.Epoch, AcquiredAt = lease.AcquiredAt, ExpiresAt = lease.ExpiresAt };
                }).ToList(),
            };
        }, cancellationToken);
    }
}

public sealed class ReplicasJson
{
    public List<ReplicaJson> Replicas { get; set; } = [];
    public List<LeaseJson> Leases { get; set; } = [];
}

public sealed class ReplicaJson
{
    public string ReplicaId { get; set; } = "";
    public string Url { get; set; } = "";
    public long ExpiresAt { get; set; }
}

public sealed class LeaseJson
{
    public string Role { get; set; } = "";
    public string Holder { get; set; } = "";
    public long Epoch { get; set; }
    public long AcquiredAt { get; set; }
    public long ExpiresAt { get; set; }
}
