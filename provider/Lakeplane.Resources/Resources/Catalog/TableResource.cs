using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_table (databricks_sql_table's arguments): a managed or external table with its
/// columns as `column { name, type, comment, nullable }` blocks. Columns, comment, properties and
/// owner change in place (columns are replaced as a whole, as the API does); the table's place,
/// type, format and storage replace it.
/// </summary>
public sealed class TableResource : CatalogObjectResource<TableInfo>
{
    private const string Immutable = "A table's place, type, format and storage cannot change: it is a new table.";

    public override string Name => "table";

    protected override string Noun => "table";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<catalog>.<schema>.<table>", "1234567890123456/main.sales.orders");

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A table in a schema. Import with \"<workspace_id>/<catalog>.<schema>.<table>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("catalog_name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true)).Describe("Catalog of the table."),
            Attr.String("schema_name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true))
                .Describe("Schema of the table (reference lakeplane_schema.<name>.name, which also orders destroy)."),
            Attr.String("name").Required().RequiresReplace(Immutable).Validate(new CatalogNameValidator(lowerCase: true)).Describe("Name of the table, lower case."),
            Attr.String("table_type").Optional().Computed().Default(Value.Of("MANAGED")).RequiresReplace(Immutable)
                .Validate(Validators.OneOf("MANAGED", "EXTERNAL")).Describe("MANAGED (default) or EXTERNAL."),
            Attr.String("data_source_format").Optional().Computed().Default(Value.Of("DELTA")).RequiresReplace(Immutable)
                .Validate(Validators.OneOf("DELTA", "CSV", "JSON", "AVRO", "PARQUET", "ORC", "TEXT")).Describe("DELTA (default), CSV, JSON, AVRO, PARQUET, ORC or TEXT."),
            Attr.String("storage_location").Optional().Computed().UseStateForUnknown().RequiresReplace(Immutable)
                .Describe("s3:// location of an EXTERNAL table, under an external location; computed for MANAGED tables."),
            Attr.String("comment").Optional().Describe("What the table holds; changes in place."),
            Attr.MapOf(TypeSpec.String, "properties").Optional().Describe("Table properties; change in place."),
            CatalogValues.OwnerAttribute("table"),
            Attr.String("id").Computed().UseStateForUnknown().Describe("Full name of the table: catalog.schema.table."),
            Attr.String("table_id").Computed().UseStateForUnknown().Describe("Unique id of the table."),
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = "column",
                Nesting = BlockNesting.List,
                Description = "A column, in table order. Columns change in place (the whole list is sent).",
                Object = new ObjectSchema
                {
                    Attributes =
                    [
                        Attr.String("name").Required().Validate(Validators.LengthBetween(1, 255)).Describe("Name of the column."),
                        Attr.String("type").Required().Validate(new ColumnTypeValidator()).Describe("SQL type, e.g. string, bigint, decimal(10,2), array<string>."),
                        Attr.String("comment").Optional().Describe("What the column holds."),
                        Attr.Bool("nullable").Optional().Computed().Default(Value.Of(true)).Describe("Whether the column may hold nulls; true when unset."),
                    ],
                },
            },
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var type = config["table_type"] is StringValue { Value: var t } ? t : config["table_type"].IsNull ? "MANAGED" : null;
        var location = config["storage_location"];
        if (type == "EXTERNAL" && location.IsNull)
        {
            diagnostics.AddError("Missing storage_location", "An EXTERNAL table needs \"storage_location\": an s3:// path under an external location.", AttributePath.Of("storage_location"));
        }
        else if (type == "MANAGED" && !location.IsNull)
        {
            diagnostics.AddError("Unexpected storage_location", "A MANAGED table's location is chosen by the catalog: remove \"storage_location\", or set table_type = \"EXTERNAL\".", AttributePath.Of("storage_location"));
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateTableRequest
        {
            WorkspaceId = workspaceId,
            CatalogName = planned.RequiredString("catalog_name"),
            SchemaName = planned.RequiredString("schema_name"),
            Name = planned.RequiredString("name"),
            TableType = planned.OptionalString("table_type") ?? "MANAGED",
            DataSourceFormat = planned.OptionalString("data_source_format") ?? "DELTA",
            StorageLocation = planned["storage_location"] is StringValue { Value: var location } ? location : "",
            Comment = planned.OptionalString("comment") ?? "",
            Properties = { planned.OptionalStringMap("properties") ?? new Dictionary<string, string>() },
            Columns = { Columns(planned) },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await SendAsync("create table", options => context.Client.Catalog.CreateTableAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateTableRequest { WorkspaceId = workspaceId, FullName = created.FullName, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateTableRequest { WorkspaceId = workspaceId, FullName = FullName(prior) };
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
        var columns = Columns(planned);
        if (!columns.SequenceEqual(Columns(prior)))
        {
            request.UpdateColumns = true;
            request.Columns.Add(columns);
        }
        var updated = request.HasComment || request.HasOwner || request.UpdateProperties || request.UpdateColumns
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await CurrentAsync(context, workspaceId, request.FullName, cancellationToken);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteTableRequest { WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId), FullName = FullName(state), RequestId = DaemonCalls.NewRequestId() };
        return DeleteWithAsync("delete table", options => context.Client.Catalog.DeleteTableAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => FullName(value);

    private static string FullName(ObjectValue value) =>
        $"{value.RequiredString("catalog_name")}.{value.RequiredString("schema_name")}.{value.RequiredString("name")}";

    /// <summary>The column blocks as the API's columns, positions in block order.</summary>
    internal static List<ColumnInfo> Columns(ObjectValue value)
    {
        var blocks = value["column"] is CollectionValue list ? list.Elements.OfType<ObjectValue>().ToList() : [];
        return blocks.Select((column, position) =>
        {
            var type = column.RequiredString("type");
            return new ColumnInfo
            {
                Name = column.RequiredString("name"),
                TypeText = type,
                TypeName = ColumnTypes.TypeNameOf(type) ?? type.ToUpperInvariant(),
                Comment = column.OptionalString("comment") ?? "",
                Nullable = column["nullable"] is not BoolValue { Value: false },
                Position = position,
            };
        }).ToList();
    }

    private Task<TableInfo> SendUpdateAsync(ResourceContext context, UpdateTableRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update table", options => context.Client.Catalog.UpdateTableAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override Task<TableInfo?> FindAsync(ResourceContext context, long workspaceId, string fullName, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetTableAsync(
            new GetTableRequest { WorkspaceId = workspaceId, FullName = fullName }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, TableInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

    internal static ObjectValue ToState(long workspaceId, TableInfo table, ObjectValue? prior)
    {
        var priorColumns = prior?["column"] is CollectionValue list ? list.Elements.OfType<ObjectValue>().ToList() : [];
        var columns = table.Columns.OrderBy(c => c.Position).Select((column, index) =>
        {
            var written = index < priorColumns.Count ? priorColumns[index] : null;
            // The type as the configuration wrote it when it means the same ("STRING" for "string").
            var type = written?["type"] is StringValue { Value: var w } && string.Equals(w, column.TypeText, StringComparison.OrdinalIgnoreCase) ? w : column.TypeText;
            return (Value)new ObjectValue(new Dictionary<string, Value>
            {
                ["name"] = Value.Of(column.Name),
                ["type"] = Value.Of(type),
                ["comment"] = CatalogValues.Text(column.Comment, written, "comment"),
                ["nullable"] = Value.Of(column.Nullable),
            });
        }).ToArray();
        return new ObjectValue(new Dictionary<string, Value>
        {
            [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
            ["catalog_name"] = Value.Of(table.CatalogName),
            ["schema_name"] = Value.Of(table.SchemaName),
            ["name"] = Value.Of(table.Name),
            ["table_type"] = Value.Of(table.TableType),
            ["data_source_format"] = Value.Of(table.DataSourceFormat),
            ["storage_location"] = StateValues.StringOrNull(table.StorageLocation),
            ["comment"] = CatalogValues.Text(table.Comment, prior, "comment"),
            ["properties"] = CatalogValues.Properties(table.Properties, prior),
            ["owner"] = Value.Of(table.Owner),
            ["id"] = Value.Of(table.FullName),
            ["table_id"] = Value.Of(table.TableId),
            ["column"] = columns.Length == 0 && (prior is null || prior["column"].IsNull) ? Value.Null : new CollectionValue(columns),
        });
    }
}
