using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>A stored principal (user, bootstrap admin or service principal) with its row.</summary>
internal sealed record PrincipalRow(StoredObject Row, PrincipalRecord Record);

/// <summary>A stored group with its row.</summary>
internal sealed record GroupRow(StoredObject Row, GroupRecord Record);

/// <summary>
/// What the user, group and service principal services share: finding identities of an account, keeping grant names
/// unique across kinds, and direct memberships, which are stored twice (a member row in the group's scope for listing
/// members, a group id on the member for walking up) and always changed together in one transaction.
/// </summary>
internal static class IdentityObjects
{
    public static async Task<PrincipalRow?> FindPrincipalAsync(IStoreReader reader, string accountId, string id, CancellationToken cancellationToken)
    {
        var row = id.Length == 0 ? null : await reader.GetAsync(ObjectKinds.Principal, id, cancellationToken);
        return row is null || row.AccountId != accountId ? null : new PrincipalRow(row, InternalRecords.ReadPrincipal(row.Body));
    }

    public static async Task<GroupRow?> FindGroupAsync(IStoreReader reader, string accountId, string id, CancellationToken cancellationToken)
    {
        var row = id.Length == 0 ? null : await reader.GetAsync(ObjectKinds.Group, id, cancellationToken);
        return row is null || row.AccountId != accountId ? null : new GroupRow(row, InternalRecords.ReadGroup(row.Body));
    }

    /// <summary>A user (or the bootstrap admin) or a service principal by id; another account's is reported absent.</summary>
    public static async Task<PrincipalRow> GetPrincipalAsync(IStoreReader reader, string accountId, string id, bool servicePrincipal, CancellationToken cancellationToken)
    {
        IdentityValidation.RequiredId("id", id);
        var found = await FindPrincipalAsync(reader, accountId, id, cancellationToken);
        if (found is null || (found.Record.Kind == PrincipalKinds.ServicePrincipal) != servicePrincipal)
        {
            var label = servicePrincipal ? "service principal" : "user";
            throw LakeplaneException.NotFound("id", $"No {label} with id '{id}' in this account: check the id, or list them with a filter to find it.");
        }
        return found;
    }

    public static async Task<GroupRow> GetGroupAsync(IStoreReader reader, string accountId, string id, string field, CancellationToken cancellationToken)
    {
        IdentityValidation.RequiredId(field, id);
        return await FindGroupAsync(reader, accountId, id, cancellationToken)
            ?? throw LakeplaneException.NotFound(field, $"No group with {field} '{id}' in this account: check the id, or list the groups with a filter to find it.");
    }

    /// <summary>
    /// Grants name users by user name, service principals by application id and groups by display name, all in one
    /// namespace: a name held by any identity of the account (other than <paramref name="exceptId"/>) is refused.
    /// </summary>
    public static async Task RefuseTakenGrantNameAsync(IStoreReader reader, string accountId, string name, string field, string scimName,
        string? exceptId, CancellationToken cancellationToken)
    {
        var principal = await reader.FindByNameAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, name, cancellationToken);
        var holder = principal is not null && principal.Id != exceptId
            ? InternalRecords.ReadPrincipal(principal.Body).Kind == PrincipalKinds.ServicePrincipal ? "a service principal" : "a user"
            : null;
        if (holder is null)
        {
            var group = await reader.FindByNameAsync(ObjectKinds.Group, accountId, ObjectKinds.AccountScope, name, cancellationToken);
            holder = group is not null && group.Id != exceptId ? "a group" : null;
        }
        if (holder is not null)
        {
            throw LakeplaneException.AlreadyExists(field,
                $"{field} ({scimName}) '{name}' is already taken by {holder} of this account: grants name principals by it, so it must be unique. Choose another, or use the existing one.");
        }
    }

    /// <summary>The direct members of a group, in member id order.</summary>
    public static async Task<IReadOnlyList<GroupMemberRecord>> ListMembersAsync(IStoreReader reader, string accountId, string groupId, CancellationToken cancellationToken) =>
        (await reader.ListAsync(ObjectKinds.GroupMember, accountId, ObjectKinds.GroupScope(groupId), cancellationToken: cancellationToken))
            .Select(row => InternalRecords.ReadGroupMember(row.Body)).ToList();

    /// <summary>Makes <paramref name="memberId"/> a direct member of the group; nothing happens when it already is one.
    /// A group that would end up inside itself is refused with the cycle spelled out.</summary>
    public static async Task AddMemberAsync(IStoreTransaction transaction, string accountId, GroupRow group, string memberId, CancellationToken cancellationToken)
    {
        var groupId = group.Record.GroupId;
        if (await transaction.FindByNameAsync(ObjectKinds.GroupMember, accountId, ObjectKinds.GroupScope(groupId), memberId, cancellationToken) is not null)
        {
            return;
        }
        string memberKind;
        if (await FindPrincipalAsync(transaction, accountId, memberId, cancellationToken) is { } principal)
        {
            memberKind = principal.Record.Kind == PrincipalKinds.ServicePrincipal ? PrincipalKinds.ServicePrincipal : PrincipalKinds.User;
            var joined = principal.Record with { GroupIds = [.. principal.Record.DirectGroupIds, groupId] };
            await transaction.UpdateAsync(ObjectKinds.Principal, principal.Row.Id, principal.Row.Version, principal.Row.Name, InternalRecords.Serialize(joined), cancellationToken);
        }
        else if (await FindGroupAsync(transaction, accountId, memberId, cancellationToken) is { } child)
        {
            await RefuseCycleAsync(transaction, accountId, group.Record, child.Record, cancellationToken);
            memberKind = PrincipalKinds.Group;
            var joined = child.Record with { GroupIds = [.. child.Record.GroupIds, groupId] };
            await transaction.UpdateAsync(ObjectKinds.Group, child.Row.Id, child.Row.Version, child.Row.Name, InternalRecords.Serialize(joined), cancellationToken);
        }
        else
        {
            throw LakeplaneException.Invalid("members",
                $"members: '{memberId}' is not the id of a user, service principal or group of this account: use the id (not the name) of an existing one.");
        }
        await transaction.InsertAsync(ObjectKinds.GroupMember, MemberRowId(groupId, memberId), accountId, ObjectKinds.GroupScope(groupId), memberId,
            InternalRecords.Serialize(new GroupMemberRecord(groupId, memberId, memberKind)), cancellationToken);
    }

    /// <summary>Ends a direct membership; nothing happens when there is none.</summary>
    public static async Task RemoveMemberAsync(IStoreTransaction transaction, string accountId, string groupId, string memberId, CancellationToken cancellationToken)
    {
        var membership = await transaction.FindByNameAsync(ObjectKinds.GroupMember, accountId, ObjectKinds.GroupScope(groupId), memberId, cancellationToken);
        if (membership is null)
        {
            return;
        }
        await transaction.DeleteAsync(ObjectKinds.GroupMember, membership.Id, membership.Version, cancellationToken);
        if (await FindPrincipalAsync(transaction, accountId, memberId, cancellationToken) is { } principal)
        {
            var left = principal.Record with { GroupIds = principal.Record.DirectGroupIds.Where(id => id != groupId).ToList() };
            await transaction.UpdateAsync(ObjectKinds.Principal, principal.Row.Id, principal.Row.Version, principal.Row.Name, InternalRecords.Serialize(left), cancellationToken);
        }
        else if (await FindGroupAsync(transaction, accountId, memberId, cancellationToken) is { } child)
        {
            var left = child.Record with { GroupIds = child.Record.GroupIds.Where(id => id != groupId).ToList() };
            await transaction.UpdateAsync(ObjectKinds.Group, child.Row.Id, child.Row.Version, child.Row.Name, InternalRecords.Serialize(left), cancellationToken);
        }
    }

    /// <summary>Before a member is deleted: drops the member rows that name it in the groups it belongs to.</summary>
    public static async Task LeaveAllGroupsAsync(IStoreTransaction transaction, string accountId, string memberId, IReadOnlyList<string> groupIds, CancellationToken cancellationToken)
    {
        foreach (var groupId in groupIds.Distinct())
        {
            var membership = await transaction.FindByNameAsync(ObjectKinds.GroupMember, accountId, ObjectKinds.GroupScope(groupId), memberId, cancellationToken);
            if (membership is not null)
            {
                await transaction.DeleteAsync(ObjectKinds.GroupMember, membership.Id, membership.Version, cancellationToken);
            }
        }
    }

    /// <summary>Before a principal is deleted: its tokens stop working with it, in every workspace.</summary>
    public static async Task<int> RevokeTokensAsync(IStoreTransaction transaction, string accountId, string principalId, CancellationToken cancellationToken)
    {
        var revoked = 0;
        foreach (var row in await transaction.ListAsync(ObjectKinds.Token, accountId, scope: null, cancellationToken: cancellationToken))
        {
            if (InternalRecords.ReadToken(row.Body).PrincipalId == principalId)
            {
                await transaction.DeleteAsync(ObjectKinds.Token, row.Id, row.Version, cancellationToken);
                revoked++;
            }
        }
        return revoked;
    }

    /// <summary>Every group the given direct groups are in, transitively, by id with its display name. Walks up from the
    /// member (one read per group reached), so its cost grows with the caller's memberships, not the account's size.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> TransitiveGroupsAsync(IStoreReader reader, string accountId, IReadOnlyList<string> directGroupIds,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<string>(directGroupIds);
        while (pending.TryDequeue(out var groupId))
        {
            if (found.ContainsKey(groupId) || await FindGroupAsync(reader, accountId, groupId, cancellationToken) is not { } group)
            {
                continue;
            }
            found[groupId] = group.Record.DisplayName;
            foreach (var parent in group.Record.GroupIds)
            {
                pending.Enqueue(parent);
            }
        }
        return found;
    }

    /// <summary>The direct groups of a member, with their display names, as the API shows them.</summary>
    public static async Task<IReadOnlyList<GroupRef>> GroupRefsAsync(IStoreReader reader, string accountId, IReadOnlyList<string> groupIds, CancellationToken cancellationToken)
    {
        var refs = new List<GroupRef>();
        foreach (var groupId in groupIds.Distinct())
        {
            if (await FindGroupAsync(reader, accountId, groupId, cancellationToken) is { } group)
            {
                refs.Add(new GroupRef { GroupId = groupId, DisplayName = group.Record.DisplayName });
            }
        }
        return refs;
    }

    /// <summary>A list attribute after a change: replaced or edited, then without duplicates, in a stable order.</summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> current, ListChange? change)
    {
        if (change is null)
        {
            return current;
        }
        var result = change.Replace ? change.Values.ToList() : current.ToList();
        result.AddRange(change.Add);
        result.RemoveAll(value => change.Remove.Contains(value));
        return result.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> Normalise(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The version an update or delete must match: the caller's expectation, or the current one when it has none.</summary>
    public static long ExpectedVersion(long requested, StoredObject row, string what)
    {
        if (requested != 0 && requested != row.Version)
        {
            throw LakeplaneException.Conflict(
                $"expected_version {requested} is stale: {what} is at version {row.Version}, changed since you read it. Read it again and retry.", "expected_version");
        }
        return row.Version;
    }

    /// <summary>One page of a SCIM list: 1-based start index, count (0: all up to the limit).</summary>
    public static (IReadOnlyList<T> Page, long StartIndex) Page<T>(IReadOnlyList<T> all, long startIndex, long count)
    {
        const int MaxPage = 10_000;
        if (startIndex < 0)
        {
            throw LakeplaneException.Invalid("start_index", "start_index (startIndex) must be 1 or more: SCIM pages start at 1.");
        }
        if (count < 0)
        {
            throw LakeplaneException.Invalid("count", "count must be 0 or more.");
        }
        var start = Math.Max(1, startIndex);
        var size = count == 0 ? MaxPage : Math.Min(count, MaxPage);
        return (all.Skip((int)Math.Min(start - 1, int.MaxValue)).Take((int)size).ToList(), start);
    }

    private static string MemberRowId(string groupId, string memberId) => groupId + "/" + memberId;

    /// <summary>Putting <paramref name="child"/> into <paramref name="parent"/> closes a loop when the parent already is,
    /// directly or through other groups, inside the child (or is the child).</summary>
    private static async Task RefuseCycleAsync(IStoreReader reader, string accountId, GroupRecord parent, GroupRecord child, CancellationToken cancellationToken)
    {
        // Walk up from the parent, remembering how each group was reached, until the child turns up.
        var reachedFrom = new Dictionary<string, string?>(StringComparer.Ordinal) { [parent.GroupId] = null };
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [parent.GroupId] = parent.DisplayName, [child.GroupId] = child.DisplayName };
        var pending = new Queue<GroupRecord>([parent]);
        var closed = parent.GroupId == child.GroupId;
        while (!closed && pending.TryDequeue(out var group))
        {
            foreach (var above in group.GroupIds)
            {
                if (reachedFrom.ContainsKey(above))
                {
                    continue;
                }
                reachedFrom[above] = group.GroupId;
                if (above == child.GroupId)
                {
                    closed = true;
                    break;
                }
                if (await FindGroupAsync(reader, accountId, above, cancellationToken) is { } next)
                {
                    names[above] = next.Record.DisplayName;
                    pending.Enqueue(next.Record);
                }
            }
        }
        if (!closed)
        {
            return;
        }
        // The chain parent → ... → child (each a member of the next), closed by the membership being added.
        var chain = new List<string>();
        for (string? at = child.GroupId; at is not null; at = reachedFrom.GetValueOrDefault(at))
        {
            chain.Insert(0, $"'{names.GetValueOrDefault(at, at)}'");
        }
        chain.Add($"'{parent.DisplayName}'");
        throw LakeplaneException.Invalid("members",
            $"members: adding group '{child.DisplayName}' to group '{parent.DisplayName}' would make a membership cycle: {string.Join(" -> ", chain)} (each a member of the next). Remove one of those memberships first, or nest the groups the other way round.");
    }
}
