using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The Databricks clusters API 2.1 over REST (also under 2.0, which Databricks still serves): the paths, the JSON
/// shapes and answers of Databricks (create answers {cluster_id}; start, restart, resize, delete and
/// permanent-delete answer {}). The workspace is the URL's, the X-Databricks-Org-Id header's or the token's.
/// </summary>
public static class ClustersRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var version in new[] { "2.1", "2.0" })
        {
            var root = $"/api/{version}/clusters";
            app.MapPost(root + "/create", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<CreateClusterRequest>(http);
                request.AccountId = "";
                request.WorkspaceId = workspaceId;
                request.RequestId = RestCall.RequestId(http);
                var cluster = await clusters.CreateAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new GetClusterRequest { ClusterId = cluster.ClusterId }, cluster.Version);
            });
            app.MapPost(root + "/edit", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<EditClusterRequest>(http);
                request.AccountId = "";
                request.WorkspaceId = workspaceId;
                request.ExpectedVersion = RestCall.ExpectedVersion(http);
                request.RequestId = RestCall.RequestId(http);
                var cluster = await clusters.EditAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new PermanentDeleteClusterResponse(), cluster.Version);
            });
            app.MapGet(root + "/get", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var cluster = await clusters.GetAsync(caller, new GetClusterRequest { WorkspaceId = workspaceId, ClusterId = http.Request.Query["cluster_id"].ToString() },
                    http.RequestAborted);
                return DatabricksJson.Write(http, cluster, cluster.Version);
            });
            app.MapGet(root + "/list", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var list = await clusters.ListAsync(caller, new ListClustersRequest { WorkspaceId = workspaceId }, http.RequestAborted);
                return DatabricksJson.Write(http, new ListClustersResponse { Clusters = { list } });
            });
            app.MapPost(root + "/start", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<StartClusterRequest>(http);
                (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
                await clusters.StartAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new PermanentDeleteClusterResponse());
            });
            app.MapPost(root + "/restart", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<RestartClusterRequest>(http);
                (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
                await clusters.RestartAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new PermanentDeleteClusterResponse());
            });
            app.MapPost(root + "/resize", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<ResizeClusterRequest>(http);
                (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
                await clusters.ResizeAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new PermanentDeleteClusterResponse());
            });
            app.MapPost(root + "/delete", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<DeleteClusterRequest>(http);
                (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
                await clusters.TerminateAsync(caller, request, http.RequestAborted);
                return DatabricksJson.Write(http, new PermanentDeleteClusterResponse());
            });
            app.MapPost(root + "/permanent-delete", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<PermanentDeleteClusterRequest>(http);
                (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
                return DatabricksJson.Write(http, await clusters.PermanentDeleteAsync(caller, request, http.RequestAborted));
            });
            app.MapPost(root + "/events", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                var request = await DatabricksJson.ReadAsync<ListClusterEventsRequest>(http);
                (request.AccountId, request.WorkspaceId) = ("", workspaceId);
                var page = await clusters.EventsAsync(caller, request, http.RequestAborted);
                if (page.NextPage is { } next)
                {
                    // The next page's request as a client sends it: the workspace comes from the URL or header, not the body.
                    next.WorkspaceId = 0;
                }
                return DatabricksJson.Write(http, page);
            });
            app.MapGet(root + "/list-node-types", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                return DatabricksJson.Write(http, clusters.NodeTypes(caller, new ListNodeTypesRequest { WorkspaceId = workspaceId }));
            });
            app.MapGet(root + "/spark-versions", async (HttpContext http, ClusterService clusters) =>
            {
                var (caller, workspaceId) = await CallerAsync(http);
                return DatabricksJson.Write(http, clusters.SparkVersions(caller, new ListSparkVersionsRequest { WorkspaceId = workspaceId }));
            });
        }
    }

    private static async Task<(Auth.AuthenticatedPrincipal Caller, long WorkspaceId)> CallerAsync(HttpContext http)
    {
        var caller = await RestCall.CallerAsync(http);
        return (caller, await WorkspaceTarget.ResolveAsync(http, caller));
    }
}
