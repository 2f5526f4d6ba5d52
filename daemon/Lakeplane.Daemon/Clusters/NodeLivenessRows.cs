using System.Text.Json;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Clusters;

/// <summary>A node's last heartbeat as stored (kind cluster_node_liveness, id = node id).</summary>
/// <param name="At">Epoch milliseconds of the heartbeat.</param>
public sealed record NodeLivenessRecord(long At, int PendingWork, int RunningWork);

/// <summary>
/// Node liveness in the store. Node agents may report to any replica while only the holder of the clusters lease
/// reconciles, so the replica that hears a heartbeat writes it here, though not every one: when the work counts change,
/// and otherwise every quarter of the node timeout (<see cref="NodeHeartbeats.ShouldPersist"/>), which keeps a live node
/// well inside its timeout as the reconciler sees it.
/// </summary>
public static class NodeLivenessRows
{
    public static Task WriteAsync(IStore store, string accountId, string clusterId, string nodeId, NodeLiveness liveness, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var body = JsonSerializer.Serialize(new NodeLivenessRecord(liveness.At.ToUnixTimeMilliseconds(), liveness.PendingWork, liveness.RunningWork),
                ClusterJsonContext.Default.NodeLivenessRecord);
            // Only for a node the store still has: a heartbeat racing the node's removal must not leave a row behind.
            if (await transaction.GetAsync(ObjectKinds.ClusterNode, nodeId, cancellationToken) is null)
            {
                return false;
            }
            var row = await transaction.GetAsync(ObjectKinds.ClusterNodeLiveness, nodeId, cancellationToken);
            if (row is null)
            {
                await transaction.InsertAsync(ObjectKinds.ClusterNodeLiveness, nodeId, accountId, ObjectKinds.ClusterScope(clusterId), "", body, cancellationToken);
            }
            else if (Read(row.Body).At < liveness.At.ToUnixTimeMilliseconds())
            {
                await transaction.UpdateAsync(ObjectKinds.ClusterNodeLiveness, nodeId, row.Version, "", body, cancellationToken);
            }
            return true;
        }, cancellationToken);

    /// <summary>Deletes the node's liveness row, if any, in the transaction that forgets the node.</summary>
    public static async Task DeleteAsync(IStoreTransaction transaction, string nodeId, CancellationToken cancellationToken)
    {
        if (await transaction.GetAsync(ObjectKinds.ClusterNodeLiveness, nodeId, cancellationToken) is { } row)
        {
            await transaction.DeleteAsync(ObjectKinds.ClusterNodeLiveness, nodeId, row.Version, cancellationToken);
        }
    }

    public static NodeLiveness ToLiveness(StoredObject row)
    {
        var record = Read(row.Body);
        return new NodeLiveness(DateTimeOffset.FromUnixTimeMilliseconds(record.At), record.PendingWork, record.RunningWork);
    }

    private static NodeLivenessRecord Read(string body) => JsonSerializer.Deserialize(body, ClusterJsonContext.Default.NodeLivenessRecord)!;
}
