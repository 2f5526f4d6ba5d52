using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// The Databricks Workspace API 2.0 (/api/2.0/workspace/...) over <see cref="WorkspaceObjectService"/>: same paths, query
/// parameters, bodies (content base64) and answers. The workspace comes from the workspace URL, the X-Databricks-Org-Id
/// header or the workspace token.
/// </summary>
public static class WorkspaceRestEndpoints
{
    private const string Root = "/api/2.0/workspace";

    public static void Map(WebApplication app)
    {
        app.MapPost(Root + "/import", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<ImportWorkspaceObjectRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            var imported = await workspace.ImportAsync(caller, request, http.RequestAborted);
            return DatabricksJson.Write(http, new DeleteWorkspaceObjectResponse(), imported.Version);
        });
        app.MapGet(Root + "/export", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = new ExportWorkspaceObjectRequest { WorkspaceId = workspaceId, Path = Query(http, "path"), Format = Query(http, "format") };
            var exported = await workspace.ExportAsync(caller, request, http.RequestAborted);
            if (Flag(http, "direct_download"))
            {
                var name = System.IO.Path.GetFileName(exported.Object.Path);
                return Results.File(exported.Content.ToByteArray(), "application/octet-stream",
                    exported.FileType.Length > 0 && exported.Object.ObjectType == WorkspaceObjectTypes.Notebook ? name + "." + exported.FileType : name);
            }
            return DatabricksJson.Write(http, new ExportWorkspaceObjectResponse { Content = exported.Content, FileType = exported.FileType });
        });
        app.MapGet(Root + "/list", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var objects = await workspace.ListAsync(caller, new ListWorkspaceObjectsRequest { WorkspaceId = workspaceId, Path = Query(http, "path") }, http.RequestAborted);
            return DatabricksJson.Write(http, new ListWorkspaceObjectsResponse { Objects = { objects } });
        });
        app.MapGet(Root + "/get-status", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var info = await workspace.GetStatusAsync(caller, new GetWorkspaceObjectStatusRequest { WorkspaceId = workspaceId, Path = Query(http, "path") }, http.RequestAborted);
            return DatabricksJson.Write(http, info, info.Version);
        });
        app.MapPost(Root + "/delete", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<DeleteWorkspaceObjectRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            return DatabricksJson.Write(http, await workspace.DeleteAsync(caller, request, http.RequestAborted));
        });
        app.MapPost(Root + "/mkdirs", async (HttpContext http, WorkspaceObjectService workspace) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<MkdirsWorkspaceRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            return DatabricksJson.Write(http, await workspace.MkdirsAsync(caller, request, http.RequestAborted));
        });
    }

    private static string Query(HttpContext http, string name) => http.Request.Query[name].ToString();

    private static bool Flag(HttpContext http, string name)
    {
        var value = Query(http, name);
        return value.Length == 0 ? false
            : bool.TryParse(value, out var flag) ? flag
            : throw LakeplaneException.Invalid(name, $"{name} '{value}' is not a boolean: use true or false.");
    }

    private static async Task<(Auth.AuthenticatedPrincipal Caller, long WorkspaceId)> CallerAsync(HttpContext http)
    {
        var caller = await RestCall.CallerAsync(http);
        return (caller, await WorkspaceTarget.ResolveAsync(http, caller));
    }
}
