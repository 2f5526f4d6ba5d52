using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Web.Session;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>Sign-in with a token, and sign-out. The token is checked by the same authenticator as an API call's.</summary>
public sealed class SignInModel(WebSession session, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public bool SignedOut { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool signedOut = false)
    {
        if (await session.CallerAsync(HttpContext, HttpContext.RequestAborted) is not null)
        {
            return LocalRedirect(Destination());
        }
        SignedOut = signedOut;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            Problem = "Enter a token: paste the value of LAKEPLANE_TOKEN or of a workspace token.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            await session.SignInAsync(HttpContext, token, HttpContext.RequestAborted);
        }
        catch (Exception exception)
        {
            var error = ErrorTranslation.Translate(exception, logger, "sign-in");
            Problem = error.Message;
            Response.StatusCode = RestErrorMiddleware.ToHttpStatus(error.Code);
            return Page();
        }
        return LocalRedirect(Destination());
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await session.SignOutAsync(HttpContext);
        return RedirectToPage(new { signedOut = true });
    }

    /// <summary>Only a path of this site: an open redirect would let a link send a fresh sign-in anywhere.</summary>
    private string Destination() => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "~/";
}
