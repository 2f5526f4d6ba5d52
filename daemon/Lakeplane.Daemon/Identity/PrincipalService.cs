using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>Who am I: the principal behind the caller's token, as the API shows it.</summary>
public static class PrincipalService
{
    public static Protos.V1.Principal Describe(Auth.AuthenticatedPrincipal principal) => new()
    {
        PrincipalId = principal.PrincipalId,
        UserName = principal.UserName,
        DisplayName = principal.DisplayName,
        Kind = principal.Kind,
        AccountId = principal.AccountId,
        WorkspaceId = principal.WorkspaceId,
        AccountAdmin = principal.MayAdministerAccount,
    };
}
