using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_schema (databricks_schema): the second level, catalog.schema. comment, properties and
/// owner change in place; catalog_name, name and storage_root replace it. A schema with tables or
/// volumes is deleted only with force_destroy, which removes them with it.
/// </summary>
public sealed class SchemaResource : CatalogObjectResource<SchemaInfo>
{
    private const string Immutable = "A schema cannot move or be renamed here: it is a new schema.";

    public override string Name => "schema";

    protected override string Noun => "schema";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<catalog>.<schema>", "1234567890123456/main.sales");

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A schema (database) in a catalog. Import with \"<workspace_id>/<catalog>.<schema>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("catalog_name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true))
                .Describe("Name of the catalog the schema is in (reference lakeplane_catalog.<name>.name, which also orders destroy)."),
            Attr.String("name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true)).Describe("Name of the schema, lower case."),
            Attr.String("comment").Optional().Describe("What the schema is for; changes in place."),
            Attr.MapOf(TypeSpec.String, "properties").Optional().Describe("Key-value properties; change in place."),
            Attr.String("storage_root").Optional().RequiresReplace("Managed storage cannot move.")
                .Describe("s3:// location for the schema's managed tables; the catalog's when unset."),
            CatalogValues.OwnerAttribute("schema"),
            Attr.Bool("force_destroy").Optional().Computed().Default(Value.Of(false))
                .Describe("Delete the schema even when it holds tables or volumes, removing them and every grant on them."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("Full name of the schema: catalog.schema."),
            Attr.String("schema_id").Computed().UseStateForUnknown().Describe("Unique id of the schema."),
            Attr.String("metastore_id").Computed().UseStateForUnknown().Describe("Id of the metastore holding the schema."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateSchemaRequest
        {
            WorkspaceId = workspaceId,
            CatalogName = planned.RequiredString("catalog_name"),
            Name = planned.RequiredString("name"),
            Comment = planned.OptionalString("comment") ?? "",
            Properties = { planned.OptionalStringMap("properties") ?? new Dictionary<string, string>() },
            StorageRoot = planned.OptionalString("storage_root") ?? "",
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await SendAsync("create schema", options => context.Client.Catalog.CreateSchemaAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateSchemaRequest { WorkspaceId = workspaceId, FullName = created.FullName, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateSchemaRequest { WorkspaceId = workspaceId, FullName = FullName(prior) };
        if (planned.OptionalString("comment") != prior.OptionalString("comment"))
        {
            request.Comment = planned.OptionalString("comment") ?? "";
        }
        if (planned["owner"] is StringValue { Value: var owner } && owner != prior.OptionalString("owner"))
        {
            request.Owner = owner;
        }
        var properties = planned.OptionalStringMap("properties") ?? new Dictionary<string, string>();
        if (!CatalogResource.SameMap(properties, prior.OptionalStringMap("properties") ?? new Dictionary<string, string>()))
        {
            request.UpdateProperties = true;
            request.Properties.Add(properties);
        }
        var updated = request.HasComment || request.HasOwner || request.UpdateProperties
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await CurrentAsync(context, workspaceId, request.FullName, cancellationToken);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteSchemaRequest
        {
            WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId),
            FullName = FullName(state),
            Force = state["force_destroy"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DeleteWithAsync("delete schema", options => context.Client.Catalog.DeleteSchemaAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => FullName(value);

    private static string FullName(ObjectValue value) => $"{value.RequiredString("catalog_name")}.{value.RequiredString("name")}";

    private Task<SchemaInfo> SendUpdateAsync(ResourceContext context, UpdateSchemaRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update schema", options => context.Client.Catalog.UpdateSchemaAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override Task<SchemaInfo?> FindAsync(ResourceContext context, long workspaceId, string fullName, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetSchemaAsync(
            new GetSchemaRequest { WorkspaceId = workspaceId, FullName = fullName }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, SchemaInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

    internal static ObjectValue ToState(long workspaceId, SchemaInfo schema, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
        ["catalog_name"] = Value.Of(schema.CatalogName),
        ["name"] = Value.Of(schema.Name),
        ["comment"] = CatalogValues.Text(schema.Comment, prior, "comment"),
        ["properties"] = CatalogValues.Properties(schema.Properties, prior),
        ["storage_root"] = StateValues.StringOrNull(schema.StorageRoot),
        ["owner"] = Value.Of(schema.Owner),
        ["force_destroy"] = CatalogValues.Flag(prior, "force_destroy"),
        ["id"] = Value.Of(schema.FullName),
        ["schema_id"] = Value.Of(schema.SchemaId),
        ["metastore_id"] = Value.Of(schema.MetastoreId),
    });
}
