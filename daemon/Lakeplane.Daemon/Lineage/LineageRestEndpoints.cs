using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Catalog.Rest;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Lineage;

/// <summary>
/// Lineage over REST, in a file of its own so the routes move easily to the declared-once operation form:
/// <list type="bullet">
/// <item>POST /api/v1/lineage: OpenLineage's HTTP transport (its default endpoint), one RunEvent per request, the
/// workspace from X-Databricks-Org-Id or the token; answers 201 with the edges recorded.</item>
/// <item>GET /api/2.0/lineage-tracking/table-lineage and /column-lineage: Databricks' lineage API, parameters
/// (table_name, column_name) in the query string or a JSON body.</item>
/// </list>
/// </summary>
public static class LineageRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/lineage", async (HttpContext http, LineageService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var run = OpenLineageRunEvent.Parse(await reader.ReadToEndAsync(call.Aborted));
            var (tables, columns) = await service.IngestAsync(call.Caller, call.WorkspaceId, run, call.Aborted);
            return Results.Text(new JsonObject { ["run_id"] = run.RunId, ["table_edges"] = tables, ["column_edges"] = columns }.ToJsonString(),
                "application/json", Encoding.UTF8, StatusCodes.Status201Created);
        });
        app.MapGet("/api/2.0/lineage-tracking/table-lineage", async (HttpContext http, LineageService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var parameters = await ParametersAsync(http);
            return Json(await service.TableLineageAsync(call.Caller, call.WorkspaceId, Parameter(parameters, call, "table_name"), call.Aborted));
        });
        app.MapGet("/api/2.0/lineage-tracking/column-lineage", async (HttpContext http, LineageService service) =>
        {
            var call = await CatalogRestRequest.OfWorkspaceAsync(http);
            var parameters = await ParametersAsync(http);
            return Json(await service.ColumnLineageAsync(call.Caller, call.WorkspaceId,
                Parameter(parameters, call, "table_name"), Parameter(parameters, call, "column_name"), call.Aborted));
        });
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8);

    /// <summary>The JSON body of a GET, as Databricks' SDKs send these parameters; empty when there is none.</summary>
    private static async Task<JsonObject> ParametersAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw LakeplaneException.Invalid("body", "The request body must be a JSON object (or leave it out and use the query string).");
        }
        catch (JsonException exception)
        {
            throw LakeplaneException.Invalid("body", $"The request body is not JSON ({exception.Message}).");
        }
    }

    private static string Parameter(JsonObject body, CatalogRestRequest call, string name)
    {
        var query = call.Query(name);
        if (query.Length > 0)
        {
            return query;
        }
        return body[name] switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw LakeplaneException.Invalid(name, $"{name} must be a string."),
        };
    }
}
