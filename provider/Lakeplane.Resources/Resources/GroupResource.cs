using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_group (databricks_group): a group of the account. Its members are lakeplane_group_member resources, so
/// this resource never touches them; renaming changes in place (grants name groups by display_name).
/// </summary>
public sealed class GroupResource : ResourceDefinition
{
    public override string Name => "group";

    public override string IdAttribute => "group_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A group of users, service principals and groups. Import with its group_id (SCIM id).",
        Attributes =
        [
            Attr.String("display_name").Required().Validate(Validators.ObjectName)
                .Describe("Name of the group, unique in the account; how grants name it."),
            Attr.String("external_id").Optional().Validate(Validators.LengthBetween(1, 256)).Describe("Id of the group in an external identity provider."),
            .. Entitlements.Attributes("group's members"),
            Attr.String("group_id").Computed().UseStateForUnknown().Describe("SCIM id of the group; what lakeplane_group_member's group_id and import take."),
            Attr.String("acl_principal_id").Computed().Describe("The group as access control lists name it: groups/<display_name>."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateGroupRequest
        {
            AccountId = context.Client.AccountId,
            DisplayName = planned.RequiredString("display_name"),
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = { Entitlements.From(planned) },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create group", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.CreateGroupAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        GetAsync(context, state.RequiredString("group_id"), cancellationToken);

    /// <summary>Name, external id and entitlements only: members belong to lakeplane_group_member.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new UpdateGroupRequest
        {
            AccountId = context.Client.AccountId,
            Id = prior.RequiredString("group_id"),
            DisplayName = planned.RequiredString("display_name"),
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = Entitlements.Replacement(planned),
            RequestId = DaemonCalls.NewRequestId(),
        };
        var updated = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update group", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.UpdateGroupAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(updated);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteGroupRequest { AccountId = context.Client.AccountId, Id = state.RequiredString("group_id"), RequestId = DaemonCalls.NewRequestId() };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete group", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.DeleteGroupAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetGroupRequest { AccountId = context.Client.AccountId, Id = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Identity.GetGroupAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    public static ObjectValue ToState(Group group)
    {
        var state = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["display_name"] = Value.Of(group.DisplayName),
            ["external_id"] = StateValues.StringOrNull(group.ExternalId),
            ["group_id"] = Value.Of(group.Id),
            ["acl_principal_id"] = Value.Of("groups/" + group.DisplayName),
        };
        Entitlements.AddTo(state, group.Entitlements);
        return new ObjectValue(state);
    }
}
