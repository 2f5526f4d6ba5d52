using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_volume (databricks_volume): a managed or external volume of files in a schema.
/// comment and owner change in place; its place, type and storage replace it.
/// </summary>
public sealed class VolumeResource : CatalogObjectResource<VolumeInfo>
{
    private const string Immutable = "A volume's place, type and storage cannot change: it is a new volume.";

    public override string Name => "volume";

    protected override string Noun => "volume";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<catalog>.<schema>.<volume>", "1234567890123456/main.sales.landing");

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A volume in a schema. Import with \"<workspace_id>/<catalog>.<schema>.<volume>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("catalog_name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true)).Describe("Catalog of the volume."),
            Attr.String("schema_name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true))
                .Describe("Schema of the volume (reference lakeplane_schema.<name>.name, which also orders destroy)."),
            Attr.String("name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true)).Describe("Name of the volume, lower case."),
            Attr.String("volume_type").Required().RequiresReplace(Immutable).Validate(Validators.OneOf("MANAGED", "EXTERNAL")).Describe("MANAGED or EXTERNAL."),
            Attr.String("storage_location").Optional().Computed().UseStateForUnknown().RequiresReplace(Immutable)
                .Describe("s3:// location of an EXTERNAL volume, under an external location; computed for MANAGED volumes."),
            Attr.String("comment").Optional().Describe("What the volume holds; changes in place."),
            CatalogValues.OwnerAttribute("volume"),
            Attr.String("id").Computed().UseStateForUnknown().Describe("Full name of the volume: catalog.schema.volume."),
            Attr.String("volume_id").Computed().UseStateForUnknown().Describe("Unique id of the volume."),
            Attr.String("volume_path").Computed().UseStateForUnknown().Describe("/Volumes/<catalog>/<schema>/<volume>: how files in it are addressed."),
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var location = config["storage_location"];
        if (config["volume_type"] is StringValue { Value: "EXTERNAL" } && location.IsNull)
        {
            diagnostics.AddError("Missing storage_location", "An EXTERNAL volume needs \"storage_location\": an s3:// path under an external location.", AttributePath.Of("storage_location"));
        }
        else if (config["volume_type"] is StringValue { Value: "MANAGED" } && !location.IsNull)
        {
            diagnostics.AddError("Unexpected storage_location", "A MANAGED volume's location is chosen by the catalog: remove \"storage_location\", or set volume_type = \"EXTERNAL\".", AttributePath.Of("storage_location"));
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateVolumeRequest
        {
            WorkspaceId = workspaceId,
            CatalogName = planned.RequiredString("catalog_name"),
            SchemaName = planned.RequiredString("schema_name"),
            Name = planned.RequiredString("name"),
            VolumeType = planned.RequiredString("volume_type"),
            StorageLocation = planned["storage_location"] is StringValue { Value: var location } ? location : "",
            Comment = planned.OptionalString("comment") ?? "",
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await SendAsync("create volume", options => context.Client.Catalog.CreateVolumeAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateVolumeRequest { WorkspaceId = workspaceId, Name = created.FullName, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateVolumeRequest { WorkspaceId = workspaceId, Name = FullName(prior) };
        if (planned.OptionalString("comment") != prior.OptionalString("comment"))
        {
            request.Comment = planned.OptionalString("comment") ?? "";
        }
        if (planned["owner"] is StringValue { Value: var owner } && owner != prior.OptionalString("owner"))
        {
            request.Owner = owner;
        }
        var updated = request.HasComment || request.HasOwner
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await CurrentAsync(context, workspaceId, request.Name, cancellationToken);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteVolumeRequest { WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId), Name = FullName(state), RequestId = DaemonCalls.NewRequestId() };
        return DeleteWithAsync("delete volume", options => context.Client.Catalog.DeleteVolumeAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => FullName(value);

    private static string FullName(ObjectValue value) =>
        $"{value.RequiredString("catalog_name")}.{value.RequiredString("schema_name")}.{value.RequiredString("name")}";

    private Task<VolumeInfo> SendUpdateAsync(ResourceContext context, UpdateVolumeRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update volume", options => context.Client.Catalog.UpdateVolumeAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override Task<VolumeInfo?> FindAsync(ResourceContext context, long workspaceId, string fullName, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetVolumeAsync(
            new GetVolumeRequest { WorkspaceId = workspaceId, Name = fullName }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, VolumeInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

    internal static ObjectValue ToState(long workspaceId, VolumeInfo volume, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
        ["catalog_name"] = Value.Of(volume.CatalogName),
        ["schema_name"] = Value.Of(volume.SchemaName),
        ["name"] = Value.Of(volume.Name),
        ["volume_type"] = Value.Of(volume.VolumeType),
        ["storage_location"] = StateValues.StringOrNull(volume.StorageLocation),
        ["comment"] = CatalogValues.Text(volume.Comment, prior, "comment"),
        ["owner"] = Value.Of(volume.Owner),
        ["id"] = Value.Of(volume.FullName),
        ["volume_id"] = Value.Of(volume.VolumeId),
        ["volume_path"] = Value.Of($"/Volumes/{volume.CatalogName}/{volume.SchemaName}/{volume.Name}"),
    });
}
