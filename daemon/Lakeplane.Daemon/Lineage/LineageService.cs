using System.Globalization;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Lineage;

/// <summary>
/// Lineage: OpenLineage RunEvents in (each input → each output is a table edge; the outputs' columnLineage facets are
/// column edges), Databricks' lineage-tracking answers out. Edges are kept per metastore and name tables by id, so a
/// renamed table keeps its lineage under its new name, and a dropped one is shown as dropped. What a caller may not
/// browse is shown masked: that there is an edge, not the name.
/// </summary>
public sealed class LineageService(CatalogCalls calls, IStore store, LineageDatasetResolver resolver)
{
    /// <summary>Databricks' mask for a securable the caller may not see.</summary>
    public const string Masked = "__masked__";

    /// <summary>Records one event; answers how many table and column edges it recorded.</summary>
    public async Task<(int Tables, int Columns)> IngestAsync(AuthenticatedPrincipal caller, long workspaceId, OpenLineageRunEvent run, CancellationToken cancellationToken)
    {
        var (accountId, metastoreId, edges) = await calls.ReadAsync(caller, workspaceId, async session =>
        {
            IReadOnlyList<(string, LineageNode)>? locations = null;
            async Task<IReadOnlyList<(string, LineageNode)>> Locations() => locations ??= await LineageDatasetResolver.TableLocationsAsync(session, cancellationToken);
            var resolved = new Dictionary<(string, string), LineageNode>();
            async Task<LineageNode> Resolve(string ns, string name)
            {
                if (!resolved.TryGetValue((ns, name), out var node))
                {
                    node = resolved[(ns, name)] = await resolver.ResolveAsync(session, Locations, ns, name, cancellationToken);
                }
                return node;
            }
            var time = run.EventTime.ToUnixTimeMilliseconds();
            var list = new List<LineageEdge>();
            foreach (var output in run.Outputs)
            {
                var downstream = await Resolve(output.Namespace, output.Name);
                foreach (var input in run.Inputs)
                {
                    var upstream = await Resolve(input.Namespace, input.Name);
                    if (upstream.Key != downstream.Key)
                    {
                        list.Add(new LineageEdge(upstream, downstream, "", "", time, session.WorkspaceId, run.JobNamespace, run.JobName, run.RunId));
                    }
                }
                foreach (var (column, inputs) in output.ColumnInputs)
                {
                    foreach (var field in inputs)
                    {
                        list.Add(new LineageEdge(await Resolve(field.Namespace, field.Name), downstream, field.Field, column, time, session.WorkspaceId,
                            run.JobNamespace, run.JobName, run.RunId));
                    }
                }
            }
            return (session.AccountId, session.MetastoreId, list);
        }, cancellationToken);
        if (edges.Count == 0)
        {
            return (0, 0);
        }
        await store.WriteAsync(async transaction =>
        {
            foreach (var edge in edges)
            {
                await LineageEdges.RecordAsync(transaction, accountId, metastoreId, edge, cancellationToken);
            }
            await transaction.AppendAuditAsync(accountId, caller.AuditName, "lineage.ingest", "lineage", run.RunId,
                $"job={run.JobNamespace}/{run.JobName} event={run.EventType} edges={edges.Count}", cancellationToken);
            return true;
        }, cancellationToken);
        return (edges.Count(e => e.DownstreamColumn.Length == 0), edges.Count(e => e.DownstreamColumn.Length > 0));
    }

    /// <summary>GET /api/2.0/lineage-tracking/table-lineage: the table's upstreams and downstreams.</summary>
    public Task<JsonObject> TableLineageAsync(AuthenticatedPrincipal caller, long workspaceId, string tableName, CancellationToken cancellationToken) =>
        calls.ReadAsync(caller, workspaceId, async session =>
        {
            var table = await VisibleTableAsync(session, tableName, "table_name", cancellationToken);
            var node = LineageNode.Table(table.Id, table.Securable.FullName);
            return new JsonObject
            {
                ["upstreams"] = await TableEntriesAsync(session, LineageEdges.UpstreamKind, node, upstream: true, cancellationToken),
                ["downstreams"] = await TableEntriesAsync(session, LineageEdges.DownstreamKind, node, upstream: false, cancellationToken),
            };
        }, cancellationToken);

    /// <summary>GET /api/2.0/lineage-tracking/column-lineage: the columns a column came from and went to.</summary>
    public Task<JsonObject> ColumnLineageAsync(AuthenticatedPrincipal caller, long workspaceId, string tableName, string columnName, CancellationToken cancellationToken)
    {
        if (columnName.Length == 0)
        {
            throw LakeplaneException.Invalid("column_name", "column_name is required: the column of table_name whose lineage to show.");
        }
        return calls.ReadAsync(caller, workspaceId, async session =>
        {
            var table = await VisibleTableAsync(session, tableName, "table_name", cancellationToken);
            var node = LineageNode.Table(table.Id, table.Securable.FullName);
            return new JsonObject
            {
                ["upstream_cols"] = await ColumnEntriesAsync(session, LineageEdges.ColumnUpstreamKind, node, columnName, upstream: true, cancellationToken),
                ["downstream_cols"] = await ColumnEntriesAsync(session, LineageEdges.ColumnDownstreamKind, node, columnName, upstream: false, cancellationToken),
            };
        }, cancellationToken);
    }

    private static async Task<CatalogNode<TableInfo>> VisibleTableAsync(CatalogSession session, string tableName, string field, CancellationToken cancellationToken)
    {
        if (tableName.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: the table's full name, catalog.schema.table.");
        }
        var (catalog, schema, name) = await session.ParentsOfAsync(tableName.ToLowerInvariant(), field, cancellationToken);
        var table = await session.TableAsync(schema, name, field, cancellationToken);
        if (!session.MaySee(table.Path))
        {
            // As tables/get answers a table the caller may not see: no hint whether it exists beyond the privilege named.
            session.Require(table.Path, Privilege.Browse);
        }
        return table;
    }

    private async Task<JsonArray> TableEntriesAsync(CatalogSession session, string kind, LineageNode node, bool upstream, CancellationToken cancellationToken)
    {
        var rows = await CatalogRows.AllAsync(session.Reader, kind, session.AccountId, LineageEdges.Scope(session.MetastoreId, node), cancellationToken);
        var entries = new JsonArray();
        foreach (var edge in rows.Select(LineageEdge.Read).OrderByDescending(e => e.LineageTimestamp))
        {
            var other = upstream ? edge.Upstream : edge.Downstream;
            var entry = new JsonObject();
            if (other.IsTable)
            {
                entry["tableInfo"] = await TableInfoAsync(session, other, edge.LineageTimestamp, cancellationToken);
            }
            else
            {
                entry["fileInfo"] = new JsonObject
                {
                    ["path"] = ExternalPath(other), ["namespace"] = other.Namespace, ["name"] = other.Name, ["lineage_timestamp"] = Iso(edge.LineageTimestamp),
                };
            }
            entry["jobInfos"] = new JsonArray(new JsonObject
            {
                ["workspace_id"] = edge.WorkspaceId, ["job_namespace"] = edge.JobNamespace, ["job_name"] = edge.JobName, ["run_id"] = edge.RunId,
            });
            entry["notebookInfos"] = new JsonArray();
            entries.Add(entry);
        }
        return entries;
    }

    private async Task<JsonArray> ColumnEntriesAsync(CatalogSession session, string kind, LineageNode node, string column, bool upstream, CancellationToken cancellationToken)
    {
        var rows = await CatalogRows.AllAsync(session.Reader, kind, session.AccountId, LineageEdges.Scope(session.MetastoreId, node, column), cancellationToken);
        var entries = new JsonArray();
        foreach (var edge in rows.Select(LineageEdge.Read).OrderByDescending(e => e.LineageTimestamp))
        {
            var other = upstream ? edge.Upstream : edge.Downstream;
            var otherColumn = upstream ? edge.UpstreamColumn : edge.DownstreamColumn;
            JsonObject entry;
            if (other.IsTable)
            {
                var info = await TableInfoAsync(session, other, edge.LineageTimestamp, cancellationToken);
                var masked = info["name"]?.GetValue<string>() == Masked;
                entry = new JsonObject
                {
                    ["name"] = masked ? Masked : otherColumn,
                    ["catalog_name"] = info["catalog_name"]?.DeepClone(),
                    ["schema_name"] = info["schema_name"]?.DeepClone(),
                    ["table_name"] = info["name"]?.DeepClone(),
                    ["table_type"] = info["table_type"]?.DeepClone(),
                    ["lineage_timestamp"] = Iso(edge.LineageTimestamp),
                };
                if (info["deleted"] is not null)
                {
                    entry["deleted"] = true;
                }
            }
            else
            {
                entry = new JsonObject { ["name"] = otherColumn, ["path"] = ExternalPath(other), ["lineage_timestamp"] = Iso(edge.LineageTimestamp) };
            }
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>A table end of an edge as Databricks' tableInfo: its current name (after renames), masked when the
    /// caller may not browse it, and marked deleted when it was dropped.</summary>
    private static async Task<JsonObject> TableInfoAsync(CatalogSession session, LineageNode node, long timestamp, CancellationToken cancellationToken)
    {
        var current = await CurrentTableAsync(session, node.TableId!, cancellationToken);
        if (current is null)
        {
            // Dropped: its name at the time is shown to metastore admins only, since grants on it are gone with it.
            var parts = node.Name.Split('.');
            var show = session.IsMetastoreAdmin && parts.Length == 3;
            return new JsonObject
            {
                ["name"] = show ? parts[2] : Masked, ["catalog_name"] = show ? parts[0] : Masked, ["schema_name"] = show ? parts[1] : Masked,
                ["table_type"] = "TABLE", ["lineage_timestamp"] = Iso(timestamp), ["deleted"] = true,
            };
        }
        if (!session.MaySee(current.Path))
        {
            return new JsonObject
            {
                ["name"] = Masked, ["catalog_name"] = Masked, ["schema_name"] = Masked, ["table_type"] = "TABLE", ["lineage_timestamp"] = Iso(timestamp),
                ["has_permission"] = false,
            };
        }
        var names = current.Securable.FullName.Split('.');
        return new JsonObject
        {
            ["name"] = names[2], ["catalog_name"] = names[0], ["schema_name"] = names[1],
            ["table_type"] = current.Info.TableType == "EXTERNAL" ? "EXTERNAL" : "TABLE", ["lineage_timestamp"] = Iso(timestamp),
        };
    }

    /// <summary>The table with this id as it is now (its current name and grants), or null when it was dropped.</summary>
    private static async Task<CatalogNode<TableInfo>?> CurrentTableAsync(CatalogSession session, string tableId, CancellationToken cancellationToken)
    {
        var row = await session.Reader.GetAsync(ObjectKinds.Table, tableId, cancellationToken);
        if (row is null || !row.Scope.StartsWith("schema:", StringComparison.Ordinal))
        {
            return null;
        }
        var schemaRow = await session.Reader.GetAsync(ObjectKinds.Schema, row.Scope["schema:".Length..], cancellationToken);
        if (schemaRow is null || !schemaRow.Scope.StartsWith("catalog:", StringComparison.Ordinal))
        {
            return null;
        }
        var catalogRow = await session.Reader.GetAsync(ObjectKinds.Catalog, schemaRow.Scope["catalog:".Length..], cancellationToken);
        if (catalogRow is null || catalogRow.Scope != session.MetastoreScope)
        {
            return null;
        }
        var catalog = await session.CatalogAsync(catalogRow.Name, "table_name", cancellationToken);
        var schema = await session.SchemaAsync(catalog, schemaRow.Name, "table_name", cancellationToken);
        return await session.TableAsync(schema, row.Name, "table_name", cancellationToken);
    }

    private static string ExternalPath(LineageNode node) =>
        node.Namespace.Contains("://", StringComparison.Ordinal) ? node.Namespace.TrimEnd('/') + "/" + node.Name.TrimStart('/') : node.Namespace + ":" + node.Name;

    private static string Iso(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
