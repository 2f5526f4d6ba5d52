namespace Lakeplane.Daemon.Auth;

/// <summary>A stored identity: the account admin, a user or a service principal.</summary>
public sealed record PrincipalRecord(string PrincipalId, string UserName, string DisplayName, string Kind, bool AccountAdmin);

public static class PrincipalKinds
{
    public const string AccountAdmin = "ACCOUNT_ADMIN";
    public const string User = "USER";
    public const string ServicePrincipal = "SERVICE_PRINCIPAL";
}
