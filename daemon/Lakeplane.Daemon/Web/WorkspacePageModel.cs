using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lakeplane.Daemon.Web;

/// <summary>A page inside one workspace (/workspaces/{workspaceId}/...): its clusters, jobs, catalog and files.</summary>
public abstract class WorkspacePageModel : UiPageModel
{
    [BindProperty(SupportsGet = true)]
    public long WorkspaceId { get; set; }

    /// <summary>The workspace as an account admin reads it; null for a workspace token, which may not read account objects.</summary>
    public Workspace? Workspace { get; private set; }

    public string WorkspaceLabel => Workspace is { } workspace
        ? workspace.WorkspaceName
        : "Workspace " + WorkspaceId.ToString(CultureInfo.InvariantCulture);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
        await base.OnPageHandlerExecutionAsync(context, async () =>
        {
            // The name is a nicety for account admins (the account API is theirs); every other caller sees the id.
            if (Caller.MayAdministerAccount)
            {
                try
                {
                    Workspace = await HttpContext.RequestServices.GetRequiredService<WorkspaceService>()
                        .GetAsync(Caller, new GetWorkspaceRequest { WorkspaceId = WorkspaceId }, HttpContext.RequestAborted);
                }
                catch (Errors.LakeplaneException)
                {
                    // The page's own service calls report a missing workspace in their words.
                }
            }
            return await next();
        });
}
