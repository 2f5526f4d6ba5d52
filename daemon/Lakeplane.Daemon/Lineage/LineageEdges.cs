using System.Text.Json.Nodes;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Lineage;

/// <summary>One recorded edge: upstream → downstream (tables or columns), when it was last seen, and the OpenLineage job run that produced it.</summary>
public sealed record LineageEdge(
    LineageNode Upstream,
    LineageNode Downstream,
    string UpstreamColumn,
    string DownstreamColumn,
    long LineageTimestamp,
    long WorkspaceId,
    string JobNamespace,
    string JobName,
    string RunId)
{
    public string Body() => new JsonObject
    {
        ["upstream"] = Upstream.ToJson(),
        ["downstream"] = Downstream.ToJson(),
        ["upstream_column"] = UpstreamColumn,
        ["downstream_column"] = DownstreamColumn,
        ["lineage_timestamp"] = LineageTimestamp,
        ["workspace_id"] = WorkspaceId,
        ["job_namespace"] = JobNamespace,
        ["job_name"] = JobName,
        ["run_id"] = RunId,
    }.ToJsonString();

    public static LineageEdge Read(StoredObject row)
    {
        var body = JsonNode.Parse(row.Body)!;
        return new LineageEdge(
            LineageNode.FromJson(body["upstream"]), LineageNode.FromJson(body["downstream"]),
            body["upstream_column"]?.GetValue<string>() ?? "", body["downstream_column"]?.GetValue<string>() ?? "",
            body["lineage_timestamp"]?.GetValue<long>() ?? 0, body["workspace_id"]?.GetValue<long>() ?? 0,
            body["job_namespace"]?.GetValue<string>() ?? "", body["job_name"]?.GetValue<string>() ?? "", body["run_id"]?.GetValue<string>() ?? "");
    }
}

/// <summary>
/// Edges in the store, each kept twice so that both directions are one scoped listing: under its downstream (to find
/// upstreams) and under its upstream (to find downstreams). Per metastore, as Unity Catalog keeps lineage; recording
/// the same edge again updates its time and job run.
/// </summary>
public static class LineageEdges
{
    public const string UpstreamKind = "lineage_upstream";
    public const string DownstreamKind = "lineage_downstream";
    public const string ColumnUpstreamKind = "lineage_column_upstream";
    public const string ColumnDownstreamKind = "lineage_column_downstream";

    public static string Scope(string metastoreId, LineageNode node, string column = "") =>
        "lineage:" + metastoreId + ":" + (column.Length == 0 ? node.KeyHash : LineageNode.Hash(node.Key + "#" + column));

    public static async Task RecordAsync(IStoreTransaction transaction, string accountId, string metastoreId, LineageEdge edge, CancellationToken cancellationToken)
    {
        var columns = edge.DownstreamColumn.Length > 0;
        await UpsertAsync(transaction, columns ? ColumnUpstreamKind : UpstreamKind, accountId,
            Scope(metastoreId, edge.Downstream, edge.DownstreamColumn), LineageNode.Hash(edge.Upstream.Key + "#" + edge.UpstreamColumn), edge.Body(), cancellationToken);
        await UpsertAsync(transaction, columns ? ColumnDownstreamKind : DownstreamKind, accountId,
            Scope(metastoreId, edge.Upstream, edge.UpstreamColumn), LineageNode.Hash(edge.Downstream.Key + "#" + edge.DownstreamColumn), edge.Body(), cancellationToken);
    }

    private static async Task UpsertAsync(IStoreTransaction transaction, string kind, string accountId, string scope, string name, string body, CancellationToken cancellationToken)
    {
        var existing = await transaction.FindByNameAsync(kind, accountId, scope, name, cancellationToken);
        if (existing is null)
        {
            await transaction.InsertAsync(kind, Guid.NewGuid().ToString(), accountId, scope, name, body, cancellationToken);
        }
        else
        {
            await transaction.UpdateAsync(kind, existing.Id, existing.Version, name, body, cancellationToken);
        }
    }
}
