using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Rest;

/// <summary>
/// Which workspace a workspace-level REST call is for: the workspace URL it came through (/w/{deployment}/...),
/// the X-Databricks-Org-Id header (as the Databricks SDK's unified host sends it), or the workspace token's own.
/// </summary>
public static class WorkspaceTarget
{
    public const string WorkspaceHeader = "X-Databricks-Org-Id";

    /// <summary>The workspace of the URL (/w/{deployment}/...) or of the header when given (authorisation then checks the
    /// caller may act there), else the token's own workspace.</summary>
    public static async Task<long> ResolveAsync(HttpContext http, AuthenticatedPrincipal caller)
    {
        var header = http.Request.Headers[WorkspaceHeader].ToString();
        var deployment = WorkspaceUrlRouting.DeploymentName(http);
        if (deployment is not null)
        {
            var byUrl = await http.RequestServices.GetRequiredService<WorkspaceService>().FindByDeploymentNameAsync(caller, deployment, http.RequestAborted);
            if (header.Length > 0 && header != byUrl.ToString(CultureInfo.InvariantCulture))
            {
                throw LakeplaneException.Invalid(WorkspaceHeader, $"{WorkspaceHeader} names another workspace than the URL: send one or the other.");
            }
            return byUrl;
        }
        if (header.Length == 0)
        {
            return caller.WorkspaceId != 0
                ? caller.WorkspaceId
                : throw LakeplaneException.Invalid(WorkspaceHeader,
                    $"This is a workspace API and the token is account-wide: name the workspace in the {WorkspaceHeader} header, or use a workspace token.");
        }
        return long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw LakeplaneException.Invalid(WorkspaceHeader, $"{WorkspaceHeader} '{header}' is not a workspace id: use the numeric workspace_id.");
    }
}
