namespace Lakeplane.Daemon.Auth;

/// <summary>
/// A stored identity that can hold tokens: the bootstrap account admin, a user or a service principal.
/// The store row's name is <see cref="UserName"/>, which for a service principal is its application id:
/// the one name grants and tokens know it by, unique in the account.
/// </summary>
/// <param name="GroupIds">The groups it is a direct member of: kept here so resolving a caller's groups walks up from
/// the caller instead of scanning every group of the account.</param>
/// <param name="CreationTime">Epoch milliseconds; 0 for a bootstrap admin stored before it was recorded.</param>
public sealed record PrincipalRecord(
    string PrincipalId,
    string UserName,
    string DisplayName,
    string Kind,
    bool AccountAdmin,
    bool Active = true,
    string ExternalId = "",
    IReadOnlyList<string>? Entitlements = null,
    IReadOnlyList<string>? GroupIds = null,
    long CreationTime = 0)
{
    public IReadOnlyList<string> DirectGroupIds => GroupIds ?? [];

    public IReadOnlyList<string> EntitlementList => Entitlements ?? [];
}

public static class PrincipalKinds
{
    public const string AccountAdmin = "ACCOUNT_ADMIN";
    public const string User = "USER";
    public const string ServicePrincipal = "SERVICE_PRINCIPAL";
    public const string Group = "GROUP";

    /// <summary>The bootstrap admin is a user to SCIM: it has a user name and can join groups.</summary>
    public static bool IsUser(string kind) => kind is User or AccountAdmin;
}
