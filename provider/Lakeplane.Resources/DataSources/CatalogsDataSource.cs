using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>data "lakeplane_catalogs" (databricks_catalogs): the names of the catalogs the caller may see, every page read.</summary>
public sealed class CatalogsDataSource : DataSourceDefinition
{
    public override string Name => "catalogs";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Names of the catalogs in the metastore assigned to a workspace that the caller may see.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose metastore to list."),
            Attr.SetOf(TypeSpec.String, "ids").Computed().Describe("Catalog names."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspaceId = config.RequiredLong("workspace_id");
        var names = new List<string>();
        var token = "";
        do
        {
            var request = new ListCatalogsRequest { WorkspaceId = workspaceId, PageToken = token };
            var page = await ListPages.CallAsync(Schema, "list catalogs", options => context.Client.Catalog.ListCatalogsAsync(request, options).ResponseAsync, cancellationToken);
            names.AddRange(page.Catalogs.Select(c => c.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return new ObjectValue(new Dictionary<string, Value> { ["workspace_id"] = Value.Of(workspaceId), ["ids"] = StateValues.StringSet(names) });
    }
}
