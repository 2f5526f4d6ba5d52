using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// The account's identities as the catalog's privilege checks see them. Resolving a caller reads its principal and walks
/// up its groups (each principal keeps its direct group ids), so the cost follows the caller's memberships, not the
/// size of the account.
/// </summary>
public sealed class PrincipalDirectory : IPrincipalDirectory
{
    public async Task<GrantIdentity> ResolveAsync(IStoreReader reader, AuthenticatedPrincipal caller, CancellationToken cancellationToken)
    {
        var principal = await IdentityObjects.FindPrincipalAsync(reader, caller.AccountId, caller.PrincipalId, cancellationToken)
            ?? throw LakeplaneException.Unauthenticated("The principal of this token no longer exists: it was deleted meanwhile.");
        var groups = await IdentityObjects.TransitiveGroupsAsync(reader, caller.AccountId, principal.Record.DirectGroupIds, cancellationToken);
        return new GrantIdentity(caller.AccountId, principal.Record.UserName, groups.Values.ToHashSet(StringComparer.Ordinal), principal.Record.AccountAdmin);
    }

    public async Task<GrantPrincipal?> FindByGrantNameAsync(IStoreReader reader, string accountId, string grantName, CancellationToken cancellationToken)
    {
        if (grantName.Length == 0)
        {
            return null;
        }
        var principal = await reader.FindByNameAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, grantName, cancellationToken);
        if (principal is not null)
        {
            var kind = InternalRecords.ReadPrincipal(principal.Body).Kind == PrincipalKinds.ServicePrincipal ? GrantPrincipalKind.ServicePrincipal : GrantPrincipalKind.User;
            return new GrantPrincipal(grantName, kind, principal.Id);
        }
        var group = await reader.FindByNameAsync(ObjectKinds.Group, accountId, ObjectKinds.AccountScope, grantName, cancellationToken);
        return group is null ? null : new GrantPrincipal(grantName, GrantPrincipalKind.Group, group.Id);
    }

    public async Task<GrantIdentity?> ResolveGrantNameAsync(IStoreReader reader, string accountId, string grantName, CancellationToken cancellationToken)
    {
        if (grantName.Length == 0)
        {
            return null;
        }
        var principal = await reader.FindByNameAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, grantName, cancellationToken);
        if (principal is not null)
        {
            var record = InternalRecords.ReadPrincipal(principal.Body);
            var groups = await IdentityObjects.TransitiveGroupsAsync(reader, accountId, record.DirectGroupIds, cancellationToken);
            return new GrantIdentity(accountId, grantName, groups.Values.ToHashSet(StringComparer.Ordinal), record.AccountAdmin);
        }
        var group = await reader.FindByNameAsync(ObjectKinds.Group, accountId, ObjectKinds.AccountScope, grantName, cancellationToken);
        if (group is null)
        {
            return null;
        }
        var parents = await IdentityObjects.TransitiveGroupsAsync(reader, accountId, InternalRecords.ReadGroup(group.Body).GroupIds, cancellationToken);
        // A cycle of nested groups would lead back to the group itself: it is covered by its own name anyway.
        return new GrantIdentity(accountId, grantName, parents.Values.Where(name => name != grantName).ToHashSet(StringComparer.Ordinal), false);
    }
}
