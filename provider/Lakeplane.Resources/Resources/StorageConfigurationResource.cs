using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_storage_configuration: the S3 bucket holding a workspace's root storage
/// (databricks_mws_storage_configurations). No update in the API: every argument replaces it.
/// </summary>
public sealed class StorageConfigurationResource : ResourceDefinition
{
    private const string Immutable = "Storage configurations cannot be changed in place.";

    public override string Name => "storage_configuration";

    public override string IdAttribute => "storage_configuration_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "The S3 bucket that holds a workspace's root storage.",
        Attributes =
        [
            Attr.String("storage_configuration_name").Required().RequiresReplace(Immutable).Validate(Validators.ObjectName)
                .Describe("Name of the storage configuration, unique in the account."),
            Attr.String("bucket_name").Required().RequiresReplace(Immutable).Validate(Validators.S3BucketName)
                .Describe("Name of the root S3 bucket."),
            Attr.String("storage_configuration_id").Computed().UseStateForUnknown().Describe("Id of the storage configuration; what import takes."),
            Attr.Number("creation_time").Computed().UseStateForUnknown().Describe("When it was created, in epoch milliseconds."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateStorageConfigurationRequest
        {
            AccountId = context.Client.AccountId,
            StorageConfigurationName = planned.RequiredString("storage_configuration_name"),
            BucketName = planned.RequiredString("bucket_name"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create storage configuration", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Account.CreateStorageConfigurationAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        await GetAsync(context, state.RequiredString("storage_configuration_id"), cancellationToken);

    /// <summary>Every argument replaces, so terraform never plans an in-place change of one; should it
    /// update anyway (only computed values moved), the state is whatever the daemon has now.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await GetAsync(context, prior.RequiredString("storage_configuration_id"), cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error("Cannot update storage configuration", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteStorageConfigurationRequest
        {
            AccountId = context.Client.AccountId,
            StorageConfigurationId = state.RequiredString("storage_configuration_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete storage configuration", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Account.DeleteStorageConfigurationAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetStorageConfigurationRequest { AccountId = context.Client.AccountId, StorageConfigurationId = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetStorageConfigurationAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    private static ObjectValue ToState(StorageConfiguration storage) => new(new Dictionary<string, Value>
    {
        ["storage_configuration_name"] = Value.Of(storage.StorageConfigurationName),
        ["bucket_name"] = Value.Of(storage.BucketName),
        ["storage_configuration_id"] = Value.Of(storage.StorageConfigurationId),
        ["creation_time"] = Value.Of(storage.CreationTime),
    });
}
