namespace Lakeplane.Daemon.Auth;

/// <summary>
/// Who a call runs as, resolved from its token. Every service method takes one and decides
/// there what it may do, so REST and gRPC cannot disagree.
/// </summary>
/// <param name="WorkspaceId">The workspace a workspace-scoped token is bound to; 0 for an account-wide token.</param>
public sealed record AuthenticatedPrincipal(
    string PrincipalId,
    string UserName,
    string DisplayName,
    string Kind,
    string AccountId,
    long WorkspaceId,
    bool IsAccountAdmin,
    string TokenId)
{
    /// <summary>Account APIs need an account admin on an account-wide token: a workspace token never reaches them.</summary>
    public bool MayAdministerAccount => IsAccountAdmin && WorkspaceId == 0;

    /// <summary>The name written to the audit log: stable, never a secret.</summary>
    public string AuditName => $"{UserName} ({PrincipalId})";
}
