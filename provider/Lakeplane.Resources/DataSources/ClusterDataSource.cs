using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>
/// data "lakeplane_cluster" (databricks_cluster data source): one cluster of a workspace, found by
/// cluster_id or by cluster_name. Its attributes are flat, named as lakeplane_cluster's, rather
/// than nested in Databricks' cluster_info block: the same expression reads a resource or a lookup.
/// </summary>
public sealed class ClusterDataSource : DataSourceDefinition
{
    public override string Name => "cluster";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Looks up a cluster of a workspace by `cluster_id` or `cluster_name` (exactly one). A name shared by several clusters is an error: look those up by id.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace the cluster is in."),
            Attr.String("cluster_id").Optional().Computed().Describe("Id of the cluster to look up."),
            Attr.String("cluster_name").Optional().Computed().Describe("Name of the cluster to look up."),
            Attr.String("spark_version").Computed(),
            Attr.String("node_type_id").Computed(),
            Attr.String("driver_node_type_id").Computed(),
            Attr.Number("num_workers").Computed().Describe("Workers of a fixed-size cluster; null for an autoscaling one."),
            new AttributeBuilder("autoscale", ClusterValues.AutoscaleType).Computed().Describe("min_workers and max_workers of an autoscaling cluster; null for a fixed-size one."),
            Attr.Number("autotermination_minutes").Computed().Describe("0: never terminated for inactivity."),
            Attr.MapOf(TypeSpec.String, "custom_tags").Computed(),
            Attr.MapOf(TypeSpec.String, "spark_conf").Computed(),
            Attr.MapOf(TypeSpec.String, "spark_env_vars").Computed(),
            Attr.String("state").Computed().Describe("PENDING, RUNNING, RESIZING, RESTARTING, TERMINATING, TERMINATED or ERROR."),
            Attr.String("state_message").Computed(),
            Attr.MapOf(TypeSpec.String, "default_tags").Computed(),
            Attr.String("creator_user_name").Computed(),
        ],
    };

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var byId = config["cluster_id"];
        var byName = config["cluster_name"];
        if (byId.IsNull && byName.IsNull)
        {
            diagnostics.AddError("Missing lookup key", "Set exactly one of \"cluster_id\" or \"cluster_name\" to say which cluster to read.", AttributePath.Of("cluster_name"));
        }
        else if (!byId.IsNull && !byName.IsNull)
        {
            diagnostics.AddError("Conflicting lookup keys", "Set only one of \"cluster_id\" or \"cluster_name\", not both.", AttributePath.Of("cluster_name"));
        }
    }

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspaceId = config.RequiredLong("workspace_id");
        var cluster = config.OptionalString("cluster_id") is { } id
            ? await ClusterCalls.GetAsync(context, workspaceId, id, cancellationToken)
              ?? throw new ResourceException(Diagnostic.Error(
                  "Cluster not found", $"Workspace {workspaceId} has no cluster with cluster_id \"{id}\".", AttributePath.Of("cluster_id")))
            : await FindByNameAsync(context, workspaceId, config.RequiredString("cluster_name"), cancellationToken);
        return new ObjectValue(ClusterValues.From(cluster));
    }

    private static async Task<Cluster> FindByNameAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken)
    {
        var matches = (await ClusterCalls.ListAsync(context, workspaceId, cancellationToken)).Where(c => c.ClusterName == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ResourceException(Diagnostic.Error(
                "Cluster not found", $"Workspace {workspaceId} has no cluster named \"{name}\".", AttributePath.Of("cluster_name"))),
            _ => throw new ResourceException(Diagnostic.Error(
                "Ambiguous cluster name",
                $"{matches.Count} clusters of workspace {workspaceId} are named \"{name}\" ({string.Join(", ", matches.Select(c => c.ClusterId))}); look it up by cluster_id instead.",
                AttributePath.Of("cluster_name"))),
        };
    }
}
