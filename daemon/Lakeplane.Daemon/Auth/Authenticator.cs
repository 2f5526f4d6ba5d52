using System.Security.Cryptography;
using System.Text;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Auth;

/// <summary>
/// Resolves the bearer token of a call (REST or gRPC, both are HTTP requests here) to its
/// principal. Only who the caller is is decided here; what it may do is the services' business.
/// </summary>
public sealed class Authenticator(IStore store, TimeProvider time)
{
    private const string Scheme = "Bearer ";

    public async Task<AuthenticatedPrincipal> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw LakeplaneException.Unauthenticated(
                "No credentials: send the header 'Authorization: Bearer <token>' (LAKEPLANE_TOKEN from <data-dir>/env, or a workspace token).");
        }
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw LakeplaneException.Unauthenticated("The Authorization header must be 'Bearer <token>'.");
        }
        return await AuthenticateTokenAsync(header[Scheme.Length..].Trim(), cancellationToken);
    }

    /// <summary>A token presented some other way than the Authorization header (the web UI's session cookie holds one);
    /// checked exactly as a bearer token is, at every call, so a revoked or expired token stops working at once.</summary>
    public async Task<AuthenticatedPrincipal> AuthenticateTokenAsync(string tokenValue, CancellationToken cancellationToken)
    {
        var hash = TokenSecrets.Hash(tokenValue);
        var principal = await store.ReadAsync(async reader =>
        {
            var tokenRow = await reader.GetAsync(ObjectKinds.Token, hash, cancellationToken);
            if (tokenRow is null || !FixedTimeEquals(tokenRow.Id, hash))
            {
                return null;
            }
            var token = InternalRecords.ReadToken(tokenRow.Body);
            if (token.ExpiryTime >= 0 && token.ExpiryTime <= time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                throw LakeplaneException.Unauthenticated("The bearer token has expired: create a new token.");
            }
            var principalRow = await reader.GetAsync(ObjectKinds.Principal, token.PrincipalId, cancellationToken);
            if (principalRow is null)
            {
                return null;
            }
            var who = InternalRecords.ReadPrincipal(principalRow.Body);
            if (!who.Active)
            {
                throw LakeplaneException.Unauthenticated($"The principal of this token ({who.UserName}) is deactivated: an account admin can set it active again.");
            }
            return new AuthenticatedPrincipal(who.PrincipalId, who.UserName, who.DisplayName, who.Kind, tokenRow.AccountId, token.WorkspaceId, who.AccountAdmin, token.TokenId);
        }, cancellationToken);
        // One answer for "unknown" and "owner gone": the caller learns nothing about which tokens exist.
        return principal ?? throw LakeplaneException.Unauthenticated("The bearer token is not valid: check LAKEPLANE_TOKEN, or create a new token.");
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
