using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Web.Session;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lakeplane.Daemon.Web;

/// <summary>
/// A page of the signed-in application. Before any handler runs, the session's token is resolved to its principal
/// (<see cref="Caller"/>); without a working session the browser goes to the sign-in page. Pages then call the same
/// service methods the REST and gRPC APIs call, with that principal: what they show and allow is what the services
/// allow, and a service's refusal is shown as the page's error (never re-decided here).
/// </summary>
public abstract class UiPageModel : PageModel
{
    private AuthenticatedPrincipal? _caller;

    public AuthenticatedPrincipal Caller => _caller ?? throw new InvalidOperationException("The page ran before its caller was resolved.");

    /// <summary>The refusal or failure the page shows in its error banner, if any.</summary>
    public LakeplaneException? Error { get; protected set; }

    /// <summary>A one-time confirmation carried across the redirect after a successful form (post/redirect/get).</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Whether the account-level views exist for this caller: the same rule the account services apply, read from
    /// the principal for the navigation only (the views still call the services, which decide).</summary>
    public bool ShowsAccount => Caller.MayAdministerAccount;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var session = HttpContext.RequestServices.GetRequiredService<WebSession>();
        _caller = await session.CallerAsync(HttpContext, HttpContext.RequestAborted);
        if (_caller is null)
        {
            context.Result = Redirect("/signin?returnUrl=" + Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString));
            return;
        }
        await next();
    }

    /// <summary>Runs a service call; a refusal or failure becomes the page's <see cref="Error"/> and HTTP status.</summary>
    protected async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !HttpContext.RequestAborted.IsCancellationRequested)
        {
            Fail(exception);
            return false;
        }
    }

    /// <summary>Shows an error (a service's refusal, or a failure translated into the daemon's one error model).</summary>
    protected void Fail(Exception exception)
    {
        var logger = HttpContext.RequestServices.GetRequiredService<ILogger<UiPageModel>>();
        Error = ErrorTranslation.Translate(exception, logger, Request.Path);
        Response.StatusCode = RestErrorMiddleware.ToHttpStatus(Error.Code);
    }

    /// <summary>After a form succeeded: back to a page with a confirmation, so a reload does not post again.</summary>
    protected IActionResult Done(string notice, string? url = null)
    {
        Notice = notice;
        return Redirect(url ?? Request.PathBase + Request.Path + Request.QueryString);
    }
}
