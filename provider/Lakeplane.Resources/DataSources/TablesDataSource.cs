using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>data "lakeplane_tables" (databricks_tables): full names of a schema's tables the caller may see, read without columns.</summary>
public sealed class TablesDataSource : DataSourceDefinition
{
    public override string Name => "tables";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Full names (catalog.schema.table) of the tables of a schema that the caller may see.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose metastore holds the schema."),
            Attr.String("catalog_name").Required().Describe("Name of the catalog."),
            Attr.String("schema_name").Required().Describe("Name of the schema."),
            Attr.SetOf(TypeSpec.String, "ids").Computed().Describe("Table full names: catalog.schema.table."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspaceId = config.RequiredLong("workspace_id");
        var catalog = config.RequiredString("catalog_name");
        var schema = config.RequiredString("schema_name");
        var names = new List<string>();
        var token = "";
        do
        {
            var request = new ListTablesRequest
            {
                WorkspaceId = workspaceId, CatalogName = catalog, SchemaName = schema, PageToken = token, MaxResults = 1000, OmitColumns = true, OmitProperties = true,
            };
            var page = await ListPages.CallAsync(Schema, "list tables", options => context.Client.Catalog.ListTablesAsync(request, options).ResponseAsync, cancellationToken);
            names.AddRange(page.Tables.Select(t => t.FullName));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(workspaceId),
            ["catalog_name"] = Value.Of(catalog),
            ["schema_name"] = Value.Of(schema),
            ["ids"] = StateValues.StringSet(names),
        });
    }
}
