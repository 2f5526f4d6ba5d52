using System.Globalization;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Auth;

/// <summary>
/// The authorisation rules every service applies to its principal. Denials never say whether the
/// object asked for exists, so a token cannot be used to probe other workspaces or accounts.
/// </summary>
public static class Authorization
{
    /// <summary>Account APIs: an account admin on an account-wide token, in its own account. Returns the account id to use
    /// (an empty account_id in a request means the caller's account).</summary>
    public static string RequireAccountAdmin(AuthenticatedPrincipal principal, string requestedAccountId)
    {
        if (principal.WorkspaceId != 0)
        {
            throw LakeplaneException.Denied(
                "This token is scoped to one workspace and cannot call account APIs: use an account admin token (LAKEPLANE_TOKEN from the daemon's env file).");
        }
        if (!principal.IsAccountAdmin)
        {
            throw LakeplaneException.Denied($"{principal.UserName} is not an account admin: account APIs need an account admin token.");
        }
        return RequireOwnAccount(principal, requestedAccountId);
    }

    /// <summary>Workspace APIs: a token bound to that workspace, or an account admin of the account.</summary>
    public static string RequireWorkspaceAccess(AuthenticatedPrincipal principal, string requestedAccountId, long workspaceId)
    {
        if (workspaceId <= 0)
        {
            throw LakeplaneException.Invalid("workspace_id", "workspace_id is required: pass the id of the workspace (or the X-Databricks-Org-Id header over REST).");
        }
        if (principal.WorkspaceId != 0 && principal.WorkspaceId != workspaceId)
        {
            throw LakeplaneException.Denied(
                $"This token is valid only in workspace {principal.WorkspaceId.ToString(CultureInfo.InvariantCulture)}: use a token of the workspace you are calling.");
        }
        if (principal.WorkspaceId == 0 && !principal.IsAccountAdmin)
        {
            throw LakeplaneException.Denied($"{principal.UserName} has no access to this workspace.");
        }
        return RequireOwnAccount(principal, requestedAccountId);
    }

    /// <summary>Identity reads (users, groups, service principals): any principal of the account, on any of its tokens, since
    /// identities are account-level and every workspace sees them. Returns the account id to use.</summary>
    public static string RequireAccountMember(AuthenticatedPrincipal principal, string requestedAccountId) =>
        RequireOwnAccount(principal, requestedAccountId);

    /// <summary>Identity changes and tokens issued on behalf of others: an account admin, on an account-wide token or on a
    /// workspace token of its own (the identities are the account's either way).</summary>
    public static string RequireIdentityAdmin(AuthenticatedPrincipal principal, string requestedAccountId)
    {
        if (!principal.IsAccountAdmin)
        {
            throw LakeplaneException.Denied($"{principal.UserName} is not an account admin: only an account admin may change users, groups and service principals or issue tokens for them.");
        }
        return RequireOwnAccount(principal, requestedAccountId);
    }

    private static string RequireOwnAccount(AuthenticatedPrincipal principal, string requestedAccountId)
    {
        if (requestedAccountId.Length == 0)
        {
            return principal.AccountId;
        }
        if (!string.Equals(requestedAccountId, principal.AccountId, StringComparison.Ordinal))
        {
            throw LakeplaneException.Denied("This token does not belong to the account in the request: check account_id (LAKEPLANE_ACCOUNT_ID).");
        }
        return requestedAccountId;
    }
}
