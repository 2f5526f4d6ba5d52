using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_metastore (databricks_metastore): the top-level container of a region's catalog, an
/// account-level object (no workspace needed). Name, owner and storage_root change in place;
/// another region is another metastore. force_destroy deletes it even while assigned or holding
/// catalogs, with everything in it.
/// </summary>
public sealed class MetastoreResource : ResourceDefinition
{
    public override string Name => "metastore";

    public override string IdAttribute => "metastore_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A metastore: the top-level container of Unity Catalog objects of one region. Import by metastore_id.",
        Attributes =
        [
            Attr.String("name").Required().Validate(new CatalogNameValidator(lowerCase: false)).Describe("Name of the metastore; changes in place."),
            Attr.String("storage_root").Optional().Computed()
                .Describe("s3://bucket/path where managed tables and volumes go; changes in place."),
            Attr.String("region").Required().RequiresReplace("A metastore serves one region.").Validate(Validators.AwsRegion)
                .Describe("AWS region of the metastore; one metastore per region per account."),
            CatalogValues.OwnerAttribute("metastore (its metastore admin)"),
            Attr.Bool("force_destroy").Optional().Computed().Default(Value.Of(false))
                .Describe("Delete the metastore even while it is assigned to workspaces or holds catalogs, with everything in it."),
            Attr.String("metastore_id").Computed().UseStateForUnknown().Describe("Id of the metastore; what import takes."),
            Attr.String("global_metastore_id").Computed().UseStateForUnknown().Describe("aws:<region>:<metastore_id>."),
            Attr.String("cloud").Computed().UseStateForUnknown().Describe("Always \"aws\"."),
            Attr.Number("created_at").Computed().UseStateForUnknown().Describe("Epoch milliseconds."),
            Attr.String("created_by").Computed().UseStateForUnknown().Describe("Who created the metastore."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateMetastoreRequest
        {
            Name = planned.RequiredString("name"),
            StorageRoot = planned.OptionalString("storage_root") ?? "",
            Region = planned.RequiredString("region"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create metastore", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.CreateMetastoreAsync(request, options).ResponseAsync, cancellationToken));
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await UpdateAsync(context, new UpdateMetastoreRequest { MetastoreId = created.MetastoreId, Owner = owner }, cancellationToken);
        }
        return ToState(created, planned);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var found = await GetAsync(context, state.RequiredString("metastore_id"), cancellationToken);
        return found is null ? null : ToState(found, state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new UpdateMetastoreRequest { MetastoreId = prior.RequiredString("metastore_id") };
        if (planned.RequiredString("name") != prior.OptionalString("name"))
        {
            request.NewName = planned.RequiredString("name");
        }
        if (planned["owner"] is StringValue { Value: var owner } && owner != prior.OptionalString("owner"))
        {
            request.Owner = owner;
        }
        if (planned["storage_root"] is StringValue { Value: var root } && root != prior.OptionalString("storage_root"))
        {
            request.StorageRoot = root;
        }
        var updated = request.HasNewName || request.HasOwner || request.HasStorageRoot
            ? await UpdateAsync(context, request, cancellationToken)
            : await GetAsync(context, request.MetastoreId, cancellationToken) ?? throw Gone(request.MetastoreId);
        return ToState(updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteMetastoreRequest
        {
            MetastoreId = state.RequiredString("metastore_id"),
            Force = state["force_destroy"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete metastore", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Catalog.DeleteMetastoreAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(context, id.Trim(), cancellationToken);
        return found is null ? null : ToState(found, prior: null);
    }

    private async Task<MetastoreInfo> UpdateAsync(ResourceContext context, UpdateMetastoreRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update metastore", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.UpdateMetastoreAsync(request, options).ResponseAsync, cancellationToken));
    }

    private static Task<MetastoreInfo?> GetAsync(ResourceContext context, string metastoreId, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetMetastoreAsync(new GetMetastoreRequest { MetastoreId = metastoreId }, options).ResponseAsync, cancellationToken);

    internal static ObjectValue ToState(MetastoreInfo metastore, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        ["name"] = Value.Of(metastore.Name),
        ["storage_root"] = StateValues.StringOrNull(metastore.StorageRoot),
        ["region"] = Value.Of(metastore.Region),
        ["owner"] = Value.Of(metastore.Owner),
        ["force_destroy"] = CatalogValues.Flag(prior, "force_destroy"),
        ["metastore_id"] = Value.Of(metastore.MetastoreId),
        ["global_metastore_id"] = Value.Of(metastore.GlobalMetastoreId),
        ["cloud"] = Value.Of(metastore.Cloud),
        ["created_at"] = Value.Of(metastore.CreatedAt),
        ["created_by"] = Value.Of(metastore.CreatedBy),
    });

    private static ResourceException Gone(string metastoreId) => new(Diagnostic.Error(
        "Cannot update metastore", $"Metastore {metastoreId} no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });
}
