namespace Lakeplane.Daemon.Rest;

/// <summary>
/// Makes a workspace's URL (&lt;daemon&gt;/w/&lt;deployment_name&gt;) a host for its workspace-level APIs,
/// as a Databricks workspace URL is: /w/{deployment}/api/2.0/... is served as /api/2.0/... with
/// the workspace named by the URL. Runs before routing.
/// </summary>
public sealed class WorkspaceUrlRouting(RequestDelegate next)
{
    public const string Prefix = "/w";
    private const string DeploymentItem = "lakeplane.deployment_name";

    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments(Prefix, out var rest) && rest.HasValue)
        {
            var value = rest.Value!;
            var end = value.IndexOf('/', 1);
            var deployment = end < 0 ? value[1..] : value[1..end];
            if (deployment.Length > 0)
            {
                http.Items[DeploymentItem] = deployment;
                http.Request.PathBase = http.Request.PathBase.Add(new PathString(Prefix + "/" + deployment));
                http.Request.Path = end < 0 ? PathString.Empty : new PathString(value[end..]);
            }
        }
        return next(http);
    }

    /// <summary>The deployment name of the workspace URL the request came through, if it did.</summary>
    public static string? DeploymentName(HttpContext http) => http.Items.TryGetValue(DeploymentItem, out var value) ? value as string : null;
}
