using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// A table's history (the Lakeplane extension GET /api/2.1/unity-catalog/tables/{full_name}/history): the same
/// privileges as reading the table (USE_CATALOG, USE_SCHEMA, SELECT or ownership), then the log through the storage
/// authority of the table's location.
/// </summary>
public sealed class TableHistoryService(CatalogCalls calls, DeltaHistory history)
{
    public async Task<TableHistoryResponse> GetAsync(AuthenticatedPrincipal caller, GetTableHistoryRequest request, CancellationToken cancellationToken)
    {
        var (table, access) = await calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (_, _, node, _) = await SchemaChildReads.GetAsync(
                session, request.FullName, "full_name", Privilege.Select, includeBrowse: false, session.TableAsync, cancellationToken);
            return (node.Info, await LocationAccess.ForAsync(session, node.Info.StorageLocation, cancellationToken));
        }, cancellationToken);
        if (table.DataSourceFormat != "DELTA")
        {
            throw LakeplaneException.Invalid("full_name", $"Table '{request.FullName}' is {table.DataSourceFormat}, not DELTA: only Delta tables have a history.");
        }
        return await history.ReadAsync(access, table.StorageLocation, request, cancellationToken);
    }
}
