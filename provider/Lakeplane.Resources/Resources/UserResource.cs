using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_user (databricks_user): a user of the account, seen by every workspace. Everything changes in place,
/// user_name too (grants name users by it, so renaming moves who they apply to). Group memberships are managed by
/// lakeplane_group_member, not here.
/// </summary>
public sealed class UserResource : ResourceDefinition
{
    public override string Name => "user";

    public override string IdAttribute => "user_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A user of the Lakeplane account. Import with its user_id (SCIM id).",
        Attributes =
        [
            Attr.String("user_name").Required().Validate(Validators.ObjectName)
                .Describe("The user's unique name, usually an e-mail address; how grants name the user."),
            Attr.String("display_name").Optional().Computed().UseStateForUnknown().Validate(Validators.ObjectName)
                .Describe("Name shown for the user; the user_name when unset."),
            Attr.Bool("active").Optional().Computed().Default(Value.Of(true))
                .Describe("Whether the user may call Lakeplane; its tokens are refused while false."),
            Attr.String("external_id").Optional().Validate(Validators.LengthBetween(1, 256)).Describe("Id of the user in an external identity provider."),
            .. Entitlements.Attributes("user"),
            Attr.String("user_id").Computed().UseStateForUnknown().Describe("SCIM id of the user; what lakeplane_group_member's member_id and import take."),
            Attr.String("acl_principal_id").Computed().Describe("The user as access control lists name it: users/<user_name>."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateUserRequest
        {
            AccountId = context.Client.AccountId,
            UserName = planned.RequiredString("user_name"),
            // Unknown when the configuration leaves it to the daemon (the user name then).
            DisplayName = planned["display_name"] is StringValue displayName ? displayName.Value : "",
            Active = planned.OptionalBool("active") ?? true,
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = { Entitlements.From(planned) },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create user", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.CreateUserAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        GetAsync(context, state.RequiredString("user_id"), cancellationToken);

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new UpdateUserRequest
        {
            AccountId = context.Client.AccountId,
            Id = prior.RequiredString("user_id"),
            UserName = planned.RequiredString("user_name"),
            Active = planned.OptionalBool("active") ?? true,
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = Entitlements.Replacement(planned),
            RequestId = DaemonCalls.NewRequestId(),
        };
        if (planned["display_name"] is StringValue displayName)
        {
            request.DisplayName = displayName.Value;
        }
        var updated = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update user", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.UpdateUserAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(updated);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteUserRequest { AccountId = context.Client.AccountId, Id = state.RequiredString("user_id"), RequestId = DaemonCalls.NewRequestId() };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete user", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.DeleteUserAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetUserRequest { AccountId = context.Client.AccountId, Id = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Identity.GetUserAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    public static ObjectValue ToState(User user)
    {
        var state = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["user_name"] = Value.Of(user.UserName),
            ["display_name"] = Value.Of(user.DisplayName),
            ["active"] = Value.Of(user.Active),
            ["external_id"] = StateValues.StringOrNull(user.ExternalId),
            ["user_id"] = Value.Of(user.Id),
            ["acl_principal_id"] = Value.Of("users/" + user.UserName),
        };
        Entitlements.AddTo(state, user.Entitlements);
        return new ObjectValue(state);
    }
}
