using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_catalog (databricks_catalog): the first level of the three-level namespace. comment,
/// properties and owner change in place; name and storage_root replace it. A catalog with schemas
/// is deleted only with force_destroy, which removes its contents with it (the daemon's force delete).
/// </summary>
public sealed class CatalogResource : CatalogObjectResource<CatalogInfo>
{
    public override string Name => "catalog";

    protected override string Noun => "catalog";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<catalog name>", "1234567890123456/main");

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A catalog in the metastore assigned to a workspace. Import with \"<workspace_id>/<name>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("name").Required().RequiresReplace("Renaming a catalog is not offered: it is a new catalog.")
                .Validate(new CatalogNameValidator(lowerCase: true)).Describe("Name of the catalog, lower case."),
            Attr.String("comment").Optional().Describe("What the catalog is for; changes in place."),
            Attr.MapOf(TypeSpec.String, "properties").Optional().Describe("Key-value properties; change in place."),
            Attr.String("storage_root").Optional().RequiresReplace("Managed storage cannot move.")
                .Describe("s3:// location under an external location for the catalog's managed tables; the metastore's storage when unset."),
            CatalogValues.OwnerAttribute("catalog"),
            Attr.Bool("force_destroy").Optional().Computed().Default(Value.Of(false))
                .Describe("Delete the catalog even when it holds schemas, removing them, their tables and volumes, and every grant on them."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("The catalog's name."),
            Attr.String("metastore_id").Computed().UseStateForUnknown().Describe("Id of the metastore holding the catalog."),
            Attr.String("storage_location").Computed().UseStateForUnknown().Describe("Where the catalog's managed tables go."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateCatalogRequest
        {
            WorkspaceId = workspaceId,
            Name = planned.RequiredString("name"),
            Comment = planned.OptionalString("comment") ?? "",
            Properties = { planned.OptionalStringMap("properties") ?? new Dictionary<string, string>() },
            StorageRoot = planned.OptionalString("storage_root") ?? "",
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await SendAsync("create catalog", options => context.Client.Catalog.CreateCatalogAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateCatalogRequest { WorkspaceId = workspaceId, Name = created.Name, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateCatalogRequest { WorkspaceId = workspaceId, Name = prior.RequiredString("name") };
        if (planned.OptionalString("comment") != prior.OptionalString("comment"))
        {
            request.Comment = planned.OptionalString("comment") ?? "";
        }
        if (planned["owner"] is StringValue { Value: var owner } && owner != prior.OptionalString("owner"))
        {
            request.Owner = owner;
        }
        var properties = planned.OptionalStringMap("properties") ?? new Dictionary<string, string>();
        if (!SameMap(properties, prior.OptionalStringMap("properties") ?? new Dictionary<string, string>()))
        {
            request.UpdateProperties = true;
            request.Properties.Add(properties);
        }
        var updated = request.HasComment || request.HasOwner || request.UpdateProperties
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await CurrentAsync(context, workspaceId, request.Name, cancellationToken);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteCatalogRequest
        {
            WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId),
            Name = state.RequiredString("name"),
            Force = state["force_destroy"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DeleteWithAsync("delete catalog", options => context.Client.Catalog.DeleteCatalogAsync(request, options).ResponseAsync, cancellationToken);
    }

    private Task<CatalogInfo> SendUpdateAsync(ResourceContext context, UpdateCatalogRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update catalog", options => context.Client.Catalog.UpdateCatalogAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => value.RequiredString("name");

    protected override Task<CatalogInfo?> FindAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetCatalogAsync(
            new GetCatalogRequest { WorkspaceId = workspaceId, Name = name }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, CatalogInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

    internal static ObjectValue ToState(long workspaceId, CatalogInfo catalog, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
        ["name"] = Value.Of(catalog.Name),
        ["comment"] = CatalogValues.Text(catalog.Comment, prior, "comment"),
        ["properties"] = CatalogValues.Properties(catalog.Properties, prior),
        ["storage_root"] = StateValues.StringOrNull(catalog.StorageRoot),
        ["owner"] = Value.Of(catalog.Owner),
        ["force_destroy"] = CatalogValues.Flag(prior, "force_destroy"),
        ["id"] = Value.Of(catalog.Name),
        ["metastore_id"] = Value.Of(catalog.MetastoreId),
        ["storage_location"] = Value.Of(catalog.StorageLocation),
    });

    internal static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && other == entry.Value);
}
