using Lakeplane.Daemon.Catalog.Rest;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// The Delta REST routes, in a file of their own so they move easily to the declared-once operation form:
/// GET /api/2.1/unity-catalog/tables/{full_name}/history, a Lakeplane extension (Databricks has DESCRIBE HISTORY in
/// SQL, not in the REST API) with max_results, page_token, and version or timestamp for time travel.
/// </summary>
public static class DeltaRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(CatalogRestEndpoints.Prefix + "/tables/{full_name}/history", async (HttpContext http, string full_name, TableHistoryService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var request = new GetTableHistoryRequest
            {
                WorkspaceId = call.WorkspaceId, FullName = full_name, MaxResults = call.QueryInt("max_results"), PageToken = call.Query("page_token"),
                Timestamp = call.Query("timestamp"),
            };
            var version = call.Query("version");
            if (version.Length > 0)
            {
                request.Version = long.TryParse(version, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw LakeplaneException.Invalid("version", $"version '{version}' is not a whole number: give a table version (0, 1, ...).");
            }
            return UnityCatalogJson.Write(http, await service.GetAsync(call.Caller, request, call.Aborted));
        });
    }
}
