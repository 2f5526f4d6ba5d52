using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_group_member (databricks_group_member): one direct membership of a user, service principal or group in a
/// group. It manages that one membership and leaves the group's other members alone, so several of them (and members
/// added out of band) coexist. A membership removed out of band is planned to be added again.
/// </summary>
public sealed class GroupMemberResource : ResourceDefinition
{
    private const string Immutable = "A membership is of one member in one group; another pair is another membership.";

    public override string Name => "group_member";

    public override string IdAttribute => "membership_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "Makes a user, service principal or group a direct member of a group. Import with \"<group_id>|<member_id>\".",
        Attributes =
        [
            Attr.String("group_id").Required().RequiresReplace(Immutable).Validate(Validators.LengthBetween(1, 256)).Describe("group_id of the lakeplane_group."),
            Attr.String("member_id").Required().RequiresReplace(Immutable).Validate(Validators.LengthBetween(1, 256))
                .Describe("Id of the member: a lakeplane_user's user_id, a lakeplane_service_principal's service_principal_id or a lakeplane_group's group_id."),
            Attr.String("membership_id").Computed().UseStateForUnknown().Describe("\"<group_id>|<member_id>\"; what import takes."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new GroupMembershipRequest
        {
            AccountId = context.Client.AccountId,
            GroupId = planned.RequiredString("group_id"),
            MemberId = planned.RequiredString("member_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "add group member", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.AddGroupMemberAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(request.GroupId, request.MemberId);
    }

    public override Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        FindAsync(context, state.RequiredString("group_id"), state.RequiredString("member_id"), cancellationToken);

    /// <summary>Both arguments replace, so there is nothing to change in place; the state is re-read.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await ReadAsync(context, prior, cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error("Cannot update group member", "The membership no longer exists in lakeplaned.") with { Next = NextStep.Recreate("add it") });

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new GroupMembershipRequest
        {
            AccountId = context.Client.AccountId,
            GroupId = state.RequiredString("group_id"),
            MemberId = state.RequiredString("member_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        // Removing a membership that is gone succeeds, and a group that is gone took its memberships with it.
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "remove group member", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.RemoveGroupMemberAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var parts = id.Trim().Split('|');
        if (parts.Length != 2 || parts.Any(part => part.Trim().Length == 0))
        {
            throw new ResourceException(Diagnostic.Error("Invalid import id",
                $"lakeplane_group_member is imported with \"<group_id>|<member_id>\", e.g. \"6b1e...|9f3c...\"; got \"{id}\"."));
        }
        return FindAsync(context, parts[0].Trim(), parts[1].Trim(), cancellationToken);
    }

    private static async Task<ObjectValue?> FindAsync(ResourceContext context, string groupId, string memberId, CancellationToken cancellationToken)
    {
        var request = new GetGroupRequest { AccountId = context.Client.AccountId, Id = groupId };
        var group = await DaemonCalls.GetOrNullAsync(options => context.Client.Identity.GetGroupAsync(request, options).ResponseAsync, cancellationToken);
        return group is not null && group.Members.Any(member => member.MemberId == memberId) ? ToState(groupId, memberId) : null;
    }

    public static ObjectValue ToState(string groupId, string memberId) => new(new Dictionary<string, Value>
    {
        ["group_id"] = Value.Of(groupId),
        ["member_id"] = Value.Of(memberId),
        ["membership_id"] = Value.Of(groupId + "|" + memberId),
    });
}
