using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Identity;

/// <summary>How Unity Catalog grants name a principal: a user by user name, a group by display name,
/// a service principal by application id.</summary>
public enum GrantPrincipalKind
{
    User,
    Group,
    ServicePrincipal,
}

/// <summary>A principal as a grant names it.</summary>
/// <param name="Name">The name grants use: user name, group display name or application id.</param>
/// <param name="PrincipalId">The stored principal's id (SCIM id).</param>
public sealed record GrantPrincipal(string Name, GrantPrincipalKind Kind, string PrincipalId);

/// <summary>
/// The caller as the catalog's privilege checks see it: the name grants use for it and every group it
/// belongs to, directly or through nested groups, so a grant to any of them applies to the caller.
/// </summary>
public sealed record GrantIdentity(string AccountId, string Name, IReadOnlySet<string> GroupNames, bool IsAccountAdmin)
{
    /// <summary>True when a grant or ownership held by <paramref name="grantee"/> applies to this caller.</summary>
    public bool IsCoveredBy(string grantee) =>
        string.Equals(grantee, Name, StringComparison.Ordinal) || GroupNames.Contains(grantee);
}

/// <summary>
/// Users, groups and service principals of an account, as the catalog needs them. Implemented by the
/// identity area; the catalog area codes against this contract only. Both methods read inside the
/// caller's store snapshot so a check and the change it guards see the same memberships.
/// </summary>
public interface IPrincipalDirectory
{
    /// <summary>The caller's grant name and transitive group memberships.</summary>
    Task<GrantIdentity> ResolveAsync(IStoreReader reader, AuthenticatedPrincipal caller, CancellationToken cancellationToken);

    /// <summary>The principal a grant names, or null when the account has none by that name
    /// (so a grant to a misspelt principal can be refused with a clear error).</summary>
    Task<GrantPrincipal?> FindByGrantNameAsync(IStoreReader reader, string accountId, string grantName, CancellationToken cancellationToken);

    /// <summary>The principal a grant names as privilege checks see it — a user or service principal with every group it
    /// belongs to, a group with every group it is nested in, directly or transitively — or null when the account has none
    /// by that name (effective permissions of another principal).</summary>
    Task<GrantIdentity?> ResolveGrantNameAsync(IStoreReader reader, string accountId, string grantName, CancellationToken cancellationToken);
}
