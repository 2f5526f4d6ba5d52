using System.Security.Claims;
using Lakeplane.Daemon.Auth;
using Microsoft.AspNetCore.Authentication;

namespace Lakeplane.Daemon.Web.Session;

/// <summary>
/// The signed-in browser: its session cookie (HttpOnly, SameSite=Strict, Secure over TLS, sealed with Data Protection)
/// holds the token the person signed in with, and nothing else. Every request resolves the token again through the same
/// <see cref="Authenticator"/> the APIs use, so a revoked or expired token, or a deactivated principal, ends the session
/// at once, and what a page may show or do is decided by the services for that principal, as for any API call.
/// </summary>
public sealed class WebSession(Authenticator authenticator)
{
    public const string Scheme = "lakeplane-web";
    public const string CookieName = "lakeplane_session";

    /// <summary>A session unused this long ends; each request made with it renews it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    private const string TokenClaim = "lakeplane:token";

    /// <summary>Checks the token as the APIs would, then keeps it in the session cookie. Throws UNAUTHENTICATED for a bad one.</summary>
    public async Task<AuthenticatedPrincipal> SignInAsync(HttpContext http, string token, CancellationToken cancellationToken)
    {
        var principal = await authenticator.AuthenticateTokenAsync(token.Trim(), cancellationToken);
        var identity = new ClaimsIdentity([new Claim(TokenClaim, token.Trim())], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        return principal;
    }

    public Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The principal of the session's token, or null when there is no session or its token no longer works
    /// (the cookie is then removed).</summary>
    public async Task<AuthenticatedPrincipal?> CallerAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var result = await http.AuthenticateAsync(Scheme);
        var token = result.Succeeded ? result.Principal.FindFirstValue(TokenClaim) : null;
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return await authenticator.AuthenticateTokenAsync(token, cancellationToken);
        }
        catch (Errors.LakeplaneException exception) when (exception.Code == Errors.ErrorCode.Unauthenticated)
        {
            await SignOutAsync(http);
            return null;
        }
    }
}
