using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>The web application's answer to a path it does not know (outside /api, whose unknown paths answer JSON).</summary>
public sealed class NotFoundModel : PageModel
{
    public string Path { get; private set; } = "";

    public void OnGet()
    {
        Path = Request.PathBase + Request.Path;
        Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
