using System.Text.RegularExpressions;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_service_principal (databricks_service_principal): an identity for automation. Its application_id (a UUID,
/// generated unless given) is how grants name it and how tokens are issued for it; it never changes, so giving another
/// one replaces the service principal.
/// </summary>
public sealed partial class ServicePrincipalResource : ResourceDefinition
{
    public override string Name => "service_principal";

    public override string IdAttribute => "service_principal_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A service principal of the account. Import with its service_principal_id (SCIM id).",
        Attributes =
        [
            Attr.String("display_name").Required().Validate(Validators.ObjectName)
                .Describe("Name shown for the service principal."),
            Attr.String("application_id").Optional().Computed().UseStateForUnknown()
                .RequiresReplace("A service principal's application_id never changes; another one is another service principal.")
                .Validate(Validators.Matches(Uuid(), "a lowercase UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301"))
                .Describe("UUID by which grants and on-behalf-of tokens name the service principal; generated when unset."),
            Attr.Bool("active").Optional().Computed().Default(Value.Of(true))
                .Describe("Whether the service principal may call Lakeplane; its tokens are refused while false."),
            Attr.String("external_id").Optional().Validate(Validators.LengthBetween(1, 256)).Describe("Id of the service principal in an external identity provider."),
            .. Entitlements.Attributes("service principal"),
            Attr.String("service_principal_id").Computed().UseStateForUnknown()
                .Describe("SCIM id of the service principal; what lakeplane_group_member's member_id and import take."),
            Attr.String("acl_principal_id").Computed().UseStateForUnknown()
                .Describe("The service principal as access control lists name it: servicePrincipals/<application_id>."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateServicePrincipalRequest
        {
            AccountId = context.Client.AccountId,
            DisplayName = planned.RequiredString("display_name"),
            ApplicationId = planned["application_id"] is StringValue given ? given.Value : "",
            Active = planned.OptionalBool("active") ?? true,
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = { Entitlements.From(planned) },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create service principal", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.CreateServicePrincipalAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        GetAsync(context, state.RequiredString("service_principal_id"), cancellationToken);

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new UpdateServicePrincipalRequest
        {
            AccountId = context.Client.AccountId,
            Id = prior.RequiredString("service_principal_id"),
            DisplayName = planned.RequiredString("display_name"),
            Active = planned.OptionalBool("active") ?? true,
            ExternalId = planned.OptionalString("external_id") ?? "",
            Entitlements = Entitlements.Replacement(planned),
            RequestId = DaemonCalls.NewRequestId(),
        };
        var updated = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update service principal", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.UpdateServicePrincipalAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(updated);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteServicePrincipalRequest
        {
            AccountId = context.Client.AccountId, Id = state.RequiredString("service_principal_id"), RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete service principal", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.DeleteServicePrincipalAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetServicePrincipalRequest { AccountId = context.Client.AccountId, Id = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Identity.GetServicePrincipalAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    public static ObjectValue ToState(ServicePrincipal servicePrincipal)
    {
        var state = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            ["display_name"] = Value.Of(servicePrincipal.DisplayName),
            ["application_id"] = Value.Of(servicePrincipal.ApplicationId),
            ["active"] = Value.Of(servicePrincipal.Active),
            ["external_id"] = StateValues.StringOrNull(servicePrincipal.ExternalId),
            ["service_principal_id"] = Value.Of(servicePrincipal.Id),
            ["acl_principal_id"] = Value.Of("servicePrincipals/" + servicePrincipal.ApplicationId),
        };
        Entitlements.AddTo(state, servicePrincipal.Entitlements);
        return new ObjectValue(state);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();
}
