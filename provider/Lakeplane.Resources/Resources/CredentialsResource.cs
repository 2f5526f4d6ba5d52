using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_credentials: the cross-account IAM role Lakeplane assumes to reach the data plane
/// (databricks_mws_credentials). The API has no update, so every argument replaces it.
/// </summary>
public sealed class CredentialsResource : ResourceDefinition
{
    private const string Immutable = "Credentials cannot be changed in place.";

    public override string Name => "credentials";

    public override string IdAttribute => "credentials_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A cross-account IAM role that Lakeplane assumes, with external_id, to manage the data plane.",
        Attributes =
        [
            Attr.String("credentials_name").Required().RequiresReplace(Immutable).Validate(Validators.ObjectName)
                .Describe("Name of the credentials, unique in the account."),
            Attr.String("role_arn").Required().RequiresReplace(Immutable).Validate(Validators.RoleArn)
                .Describe("ARN of the cross-account IAM role. Its trust policy must require sts:ExternalId = external_id."),
            Attr.String("credentials_id").Computed().UseStateForUnknown().Describe("Id of the credentials; what import takes."),
            Attr.String("external_id").Computed().UseStateForUnknown()
                .Describe("The external id the role's trust policy must require (the Lakeplane account id)."),
            Attr.Number("creation_time").Computed().UseStateForUnknown().Describe("When the credentials were created, in epoch milliseconds."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateCredentialsRequest
        {
            AccountId = context.Client.AccountId,
            CredentialsName = planned.RequiredString("credentials_name"),
            RoleArn = planned.RequiredString("role_arn"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create credentials", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Account.CreateCredentialsAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        await GetAsync(context, state.RequiredString("credentials_id"), cancellationToken);

    /// <summary>Every argument replaces, so terraform never plans an in-place change of one; should it
    /// update anyway (only computed values moved), the state is whatever the daemon has now.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await GetAsync(context, prior.RequiredString("credentials_id"), cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error("Cannot update credentials", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteCredentialsRequest
        {
            AccountId = context.Client.AccountId,
            CredentialsId = state.RequiredString("credentials_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete credentials", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Account.DeleteCredentialsAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetCredentialsRequest { AccountId = context.Client.AccountId, CredentialsId = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetCredentialsAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    private static ObjectValue ToState(Credentials credentials) => new(new Dictionary<string, Value>
    {
        ["credentials_name"] = Value.Of(credentials.CredentialsName),
        ["role_arn"] = Value.Of(credentials.RoleArn),
        ["credentials_id"] = Value.Of(credentials.CredentialsId),
        ["external_id"] = Value.Of(credentials.ExternalId),
        ["creation_time"] = Value.Of(credentials.CreationTime),
    });
}
