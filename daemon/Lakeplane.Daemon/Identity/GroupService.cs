using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Groups of the account, with nested membership: a group's members are users, service principals and groups, and a
/// grant to a group applies to every member, however deep. Cycles are refused; deleting a group ends its memberships.
/// </summary>
public sealed class GroupService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Group;
    private static readonly string[] FilterAttributes = ["displayName", "externalId", "id"];

    public Task<Group> CreateAsync(AuthenticatedPrincipal caller, CreateGroupRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.GroupDisplayName(request.DisplayName);
        IdentityValidation.ExternalId(request.ExternalId);
        IdentityValidation.Entitlements(request.Entitlements);
        return mutations.RunAsync(new Mutation(caller, accountId, "group.create", request.RequestId, request), async transaction =>
        {
            await IdentityObjects.RefuseTakenGrantNameAsync(transaction, accountId, request.DisplayName, "display_name", "displayName", null, cancellationToken);
            var record = new GroupRecord(Guid.NewGuid().ToString(), request.DisplayName, request.ExternalId, IdentityObjects.Normalise(request.Entitlements), [],
                time.GetUtcNow().ToUnixTimeMilliseconds());
            var row = await transaction.InsertAsync(Kind, record.GroupId, accountId, ObjectKinds.AccountScope, record.DisplayName, InternalRecords.Serialize(record), cancellationToken);
            var group = new GroupRow(row, record);
            foreach (var memberId in request.MemberIds.Distinct())
            {
                await IdentityObjects.AddMemberAsync(transaction, accountId, group, memberId, cancellationToken);
            }
            return new MutationOutcome<Group>(await IdentityMapping.ToGroupAsync(transaction, accountId, group, cancellationToken), Kind, record.GroupId,
                "display_name=" + record.DisplayName);
        }, cancellationToken);
    }

    public Task<Group> GetAsync(AuthenticatedPrincipal caller, GetGroupRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        return store.ReadAsync(async reader =>
            await IdentityMapping.ToGroupAsync(reader, accountId, await IdentityObjects.GetGroupAsync(reader, accountId, request.Id, "id", cancellationToken), cancellationToken),
            cancellationToken);
    }

    public Task<ListGroupsResponse> ListAsync(AuthenticatedPrincipal caller, ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        var filter = ScimFilter.Parse(request.Filter, FilterAttributes);
        return store.ReadAsync(async reader =>
        {
            IReadOnlyList<StoredObject> rows;
            if (filter is { IsEquality: true, Attribute: "displayName" })
            {
                var row = await reader.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, filter.Value, cancellationToken);
                rows = row is null ? [] : [row];
            }
            else
            {
                rows = await reader.ListAsync(Kind, accountId, ObjectKinds.AccountScope, cancellationToken: cancellationToken);
            }
            var matching = rows.Select(row => new GroupRow(row, InternalRecords.ReadGroup(row.Body)))
                .Where(group => filter is null || filter.Matches(filter.Attribute switch
                {
                    "displayName" => group.Record.DisplayName,
                    "externalId" => group.Record.ExternalId,
                    _ => group.Record.GroupId,
                }))
                .ToList();
            var (page, start) = IdentityObjects.Page(matching, request.StartIndex, request.Count);
            var response = new ListGroupsResponse { TotalResults = matching.Count, StartIndex = start };
            foreach (var group in page)
            {
                response.Groups.Add(await IdentityMapping.ToGroupAsync(reader, accountId, group, cancellationToken));
            }
            return response;
        }, cancellationToken);
    }

    public Task<Group> UpdateAsync(AuthenticatedPrincipal caller, UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        if (request.HasDisplayName)
        {
            IdentityValidation.GroupDisplayName(request.DisplayName);
        }
        if (request.HasExternalId)
        {
            IdentityValidation.ExternalId(request.ExternalId);
        }
        IdentityValidation.Entitlements(request.Entitlements?.Values.Concat(request.Entitlements.Add) ?? []);
        return mutations.RunAsync(new Mutation(caller, accountId, "group.update", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetGroupAsync(transaction, accountId, request.Id, "id", cancellationToken);
            var version = IdentityObjects.ExpectedVersion(request.ExpectedVersion, current.Row, $"group '{current.Record.DisplayName}'");
            var record = current.Record;
            var displayName = request.HasDisplayName ? request.DisplayName : record.DisplayName;
            if (displayName != record.DisplayName)
            {
                await IdentityObjects.RefuseTakenGrantNameAsync(transaction, accountId, displayName, "display_name", "displayName", record.GroupId, cancellationToken);
            }
            var updated = record with
            {
                DisplayName = displayName,
                ExternalId = request.HasExternalId ? request.ExternalId : record.ExternalId,
                Entitlements = IdentityObjects.Apply(record.Entitlements, request.Entitlements),
            };
            var row = await transaction.UpdateAsync(Kind, record.GroupId, version, updated.DisplayName, InternalRecords.Serialize(updated), cancellationToken);
            var group = new GroupRow(row, updated);
            await ChangeMembersAsync(transaction, accountId, group, request.Members, cancellationToken);
            return new MutationOutcome<Group>(await IdentityMapping.ToGroupAsync(transaction, accountId, group, cancellationToken), Kind, record.GroupId,
                "display_name=" + updated.DisplayName);
        }, cancellationToken);
    }

    public Task<Group> AddMemberAsync(AuthenticatedPrincipal caller, GroupMembershipRequest request, CancellationToken cancellationToken) =>
        ChangeMembershipAsync(caller, request, "group.add_member", new ListChange { Add = { request.MemberId } }, cancellationToken);

    public Task<Group> RemoveMemberAsync(AuthenticatedPrincipal caller, GroupMembershipRequest request, CancellationToken cancellationToken) =>
        ChangeMembershipAsync(caller, request, "group.remove_member", new ListChange { Remove = { request.MemberId } }, cancellationToken);

    public Task<DeleteIdentityResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteGroupRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        return mutations.RunAsync(new Mutation(caller, accountId, "group.delete", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetGroupAsync(transaction, accountId, request.Id, "id", cancellationToken);
            var version = IdentityObjects.ExpectedVersion(request.ExpectedVersion, current.Row, $"group '{current.Record.DisplayName}'");
            var groupId = current.Record.GroupId;
            // Its members leave it (their records forget it), and it leaves the groups it was in.
            foreach (var member in await IdentityObjects.ListMembersAsync(transaction, accountId, groupId, cancellationToken))
            {
                await IdentityObjects.RemoveMemberAsync(transaction, accountId, groupId, member.MemberId, cancellationToken);
            }
            await IdentityObjects.LeaveAllGroupsAsync(transaction, accountId, groupId, current.Record.GroupIds, cancellationToken);
            await transaction.DeleteAsync(Kind, groupId, version, cancellationToken);
            return new MutationOutcome<DeleteIdentityResponse>(new DeleteIdentityResponse(), Kind, groupId, "display_name=" + current.Record.DisplayName);
        }, cancellationToken);
    }

    private Task<Group> ChangeMembershipAsync(AuthenticatedPrincipal caller, GroupMembershipRequest request, string action, ListChange change, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("group_id", request.GroupId);
        IdentityValidation.RequiredId("member_id", request.MemberId);
        return mutations.RunAsync(new Mutation(caller, accountId, action, request.RequestId, request), async transaction =>
        {
            var group = await IdentityObjects.GetGroupAsync(transaction, accountId, request.GroupId, "group_id", cancellationToken);
            await ChangeMembersAsync(transaction, accountId, group, change, cancellationToken);
            // Membership lives on the member and in member rows: the group's own row (and version) stays as it is.
            group = await IdentityObjects.GetGroupAsync(transaction, accountId, request.GroupId, "group_id", cancellationToken);
            return new MutationOutcome<Group>(await IdentityMapping.ToGroupAsync(transaction, accountId, group, cancellationToken), Kind, request.GroupId,
                "member_id=" + request.MemberId);
        }, cancellationToken);
    }

    /// <summary>Applies a change to the direct members: only the difference is written, so an unchanged member keeps its version.</summary>
    private static async Task ChangeMembersAsync(IStoreTransaction transaction, string accountId, GroupRow group, ListChange? change, CancellationToken cancellationToken)
    {
        if (change is null)
        {
            return;
        }
        var current = (await IdentityObjects.ListMembersAsync(transaction, accountId, group.Record.GroupId, cancellationToken)).Select(member => member.MemberId).ToList();
        var desired = IdentityObjects.Apply(current, change);
        foreach (var removed in current.Except(desired, StringComparer.Ordinal))
        {
            await IdentityObjects.RemoveMemberAsync(transaction, accountId, group.Record.GroupId, removed, cancellationToken);
        }
        foreach (var added in desired.Except(current, StringComparer.Ordinal))
        {
            await IdentityObjects.AddMemberAsync(transaction, accountId, group, added, cancellationToken);
        }
    }
}
