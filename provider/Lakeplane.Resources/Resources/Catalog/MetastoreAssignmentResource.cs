using System.Globalization;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_metastore_assignment (databricks_metastore_assignment): which metastore a workspace
/// uses. Another metastore or workspace is a new assignment; default_catalog_name changes by
/// assigning again, which the API allows in place. Import id "&lt;workspace_id&gt;|&lt;metastore_id&gt;" as Databricks'.
/// </summary>
public sealed class MetastoreAssignmentResource : ResourceDefinition
{
    private const string DefaultCatalog = "hive_metastore";

    public override string Name => "metastore_assignment";

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "Assigns a metastore to a workspace. Import with \"<workspace_id>|<metastore_id>\".",
        Attributes =
        [
            Attr.Number("workspace_id").Required().RequiresReplace("An assignment belongs to one workspace.").Describe("Id of the workspace."),
            Attr.String("metastore_id").Required().RequiresReplace("Another metastore is another assignment.")
                .Describe("Id of the metastore, in the workspace's region."),
            Attr.String("default_catalog_name").Optional().Computed().Default(Value.Of(DefaultCatalog))
                .Describe("Catalog used when a query names none; \"hive_metastore\" when unset, as Databricks. Changes in place."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("\"<workspace_id>|<metastore_id>\"; what import takes."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken) =>
        ToState(await AssignAsync(context, planned, "assign metastore", cancellationToken));

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var found = await GetAsync(context, state.RequiredLong("workspace_id"), cancellationToken);
        // Re-assigned to another metastore out of band: this assignment is gone, terraform plans it again.
        return found is null || found.MetastoreId != state.RequiredString("metastore_id") ? null : ToState(found);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        ToState(await AssignAsync(context, planned, "update metastore assignment", cancellationToken));

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new UnassignMetastoreRequest
        {
            WorkspaceId = state.RequiredLong("workspace_id"),
            MetastoreId = state.RequiredString("metastore_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "unassign metastore", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Catalog.UnassignMetastoreAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var parts = id.Trim().Split('|');
        if (parts.Length != 2 || parts[1].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId))
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id",
                "A metastore assignment is imported as \"<workspace_id>|<metastore_id>\", for example 1234567890123456|8f2c1e3a-...: the workspace and the metastore assigned to it."));
        }
        var found = await GetAsync(context, workspaceId, cancellationToken);
        return found is null || found.MetastoreId != parts[1] ? null : ToState(found);
    }

    private async Task<MetastoreAssignment> AssignAsync(ResourceContext context, ObjectValue planned, string action, CancellationToken cancellationToken)
    {
        var request = new AssignMetastoreRequest
        {
            WorkspaceId = planned.RequiredLong("workspace_id"),
            MetastoreId = planned.RequiredString("metastore_id"),
            DefaultCatalogName = planned.OptionalString("default_catalog_name") ?? DefaultCatalog,
            RequestId = DaemonCalls.NewRequestId(),
        };
        return await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, action, () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.AssignMetastoreAsync(request, options).ResponseAsync, cancellationToken));
    }

    private static Task<MetastoreAssignment?> GetAsync(ResourceContext context, long workspaceId, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetMetastoreAssignmentAsync(
            new GetMetastoreAssignmentRequest { WorkspaceId = workspaceId }, options).ResponseAsync, cancellationToken);

    internal static ObjectValue ToState(MetastoreAssignment assignment) => new(new Dictionary<string, Value>
    {
        ["workspace_id"] = Value.Of(assignment.WorkspaceId),
        ["metastore_id"] = Value.Of(assignment.MetastoreId),
        ["default_catalog_name"] = Value.Of(assignment.DefaultCatalogName.Length == 0 ? DefaultCatalog : assignment.DefaultCatalogName),
        ["id"] = Value.Of($"{assignment.WorkspaceId}|{assignment.MetastoreId}"),
    });
}
