using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>How clusters and their nodes are kept in the store and read back as the API shows them.</summary>
public static class ClusterRows
{
    /// <summary>The cluster in a workspace, or RESOURCE_DOES_NOT_EXIST naming cluster_id. A cluster of another
    /// workspace is reported absent: a workspace token learns nothing of other workspaces.</summary>
    public static async Task<StoredObject> GetAsync(IStoreReader reader, string accountId, long workspaceId, string clusterId, CancellationToken cancellationToken)
    {
        if (clusterId.Length == 0)
        {
            throw LakeplaneException.Invalid("cluster_id", "cluster_id is required: the id clusters/create returned (see clusters/list).");
        }
        var row = await reader.GetAsync(ObjectKinds.Cluster, clusterId, cancellationToken);
        if (row is null || row.AccountId != accountId || row.Scope != ObjectKinds.WorkspaceScope(workspaceId))
        {
            throw LakeplaneException.NotFound("cluster_id", $"No cluster with cluster_id '{clusterId}' in this workspace: check the id, or list the clusters to find it.");
        }
        return row;
    }

    /// <summary>The workspace a cluster is created in must exist and be RUNNING.</summary>
    public static async Task RequireRunningWorkspaceAsync(IStoreReader reader, string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        var workspace = AccountObjects.Materialise<Workspace>(await WorkspaceService.GetRowAsync(reader, accountId, workspaceId, cancellationToken));
        if (workspace.WorkspaceStatus != WorkspaceStatuses.Running)
        {
            throw LakeplaneException.Conflict(
                $"Workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} is {workspace.WorkspaceStatus}, not RUNNING: wait until it is running before creating clusters in it.", "workspace_id");
        }
    }

    public static IReadOnlyList<NodeRecord> Nodes(IEnumerable<StoredObject> rows) => rows.Select(row => NodeRecord.Read(row.Body)).ToList();

    public static async Task<IReadOnlyList<NodeRecord>> NodesAsync(IStoreReader reader, string accountId, string clusterId, CancellationToken cancellationToken) =>
        Nodes(await reader.ListAsync(ObjectKinds.ClusterNode, accountId, ObjectKinds.ClusterScope(clusterId), cancellationToken: cancellationToken));

    /// <summary>The cluster as the API shows it: its stored spec and state, its version, its nodes.</summary>
    public static Cluster View(StoredObject row, IReadOnlyList<NodeRecord> nodes, NodeHeartbeats heartbeats)
    {
        var cluster = AccountObjects.Materialise<Cluster>(row);
        foreach (var node in nodes.OrderBy(n => n.LaunchedAt).ThenBy(n => n.NodeId, StringComparer.Ordinal))
        {
            var spark = new SparkNode
            {
                NodeId = node.NodeId,
                InstanceId = node.InstanceId,
                PrivateIp = node.PrivateIp,
                HostPrivateIp = node.PrivateIp,
                StartTimestamp = node.LaunchedAt,
                NodeTypeId = node.NodeTypeId,
                State = node.RegisteredAt > 0 || heartbeats.Latest(node.NodeId) is not null ? "RUNNING" : "LAUNCHING",
            };
            if (node.IsDriver)
            {
                cluster.Driver = spark;
            }
            else
            {
                cluster.Executors.Add(spark);
            }
        }
        return cluster;
    }

    /// <summary>The body kept in the store: without the version (the row has it) and the nodes (their own rows have them).</summary>
    public static string Serialize(Cluster cluster)
    {
        var stored = cluster.Clone();
        stored.Version = 0;
        stored.Driver = null;
        stored.Executors.Clear();
        return ProtoBodies.Serialize(stored);
    }
}
