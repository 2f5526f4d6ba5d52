using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>data "lakeplane_schemas" (databricks_schemas): full names of a catalog's schemas the caller may see.</summary>
public sealed class SchemasDataSource : DataSourceDefinition
{
    public override string Name => "schemas";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Full names (catalog.schema) of the schemas of a catalog that the caller may see.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose metastore holds the catalog."),
            Attr.String("catalog_name").Required().Describe("Name of the catalog."),
            Attr.SetOf(TypeSpec.String, "ids").Computed().Describe("Schema full names: catalog.schema."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspaceId = config.RequiredLong("workspace_id");
        var catalog = config.RequiredString("catalog_name");
        var names = new List<string>();
        var token = "";
        do
        {
            var request = new ListSchemasRequest { WorkspaceId = workspaceId, CatalogName = catalog, PageToken = token };
            var page = await ListPages.CallAsync(Schema, "list schemas", options => context.Client.Catalog.ListSchemasAsync(request, options).ResponseAsync, cancellationToken);
            names.AddRange(page.Schemas.Select(s => s.FullName));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(workspaceId),
            ["catalog_name"] = Value.Of(catalog),
            ["ids"] = StateValues.StringSet(names),
        });
    }
}
