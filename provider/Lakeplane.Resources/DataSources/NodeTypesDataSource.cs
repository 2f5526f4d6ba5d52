using System.Globalization;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>
/// data "lakeplane_node_types": the node types a workspace's clusters may use, filtered as
/// Databricks' databricks_node_type filters them (min_cores, min_memory_gb, gb_per_core, category).
/// id is the smallest match, as databricks_node_type's id; node_types lists every match. Unlike
/// databricks_node_type, no match is an error rather than a silent fallback to some default type.
/// </summary>
public sealed class NodeTypesDataSource : DataSourceDefinition
{
    private static readonly ObjectType NodeTypeType = new(
    [
        new("node_type_id", TypeSpec.String),
        new("num_cores", TypeSpec.Number),
        new("memory_mb", TypeSpec.Number),
        new("description", TypeSpec.String),
        new("instance_type_id", TypeSpec.String),
        new("category", TypeSpec.String),
    ]);

    public override string Name => "node_types";

    public override ObjectSchema Schema { get; } = new()
    {
        Description =
            "The node types clusters of a workspace may use (the daemon's configured catalogue), filtered like `databricks_node_type`: " +
            "`id` is the smallest type that matches every filter given (fewest cores, then least memory), `node_types` lists all matches, smallest first. " +
            "No match is an error naming the types there are.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose node types to list."),
            Attr.Number("min_cores").Optional().Validate(new NumberRangeValidator(0, 10_000)).Describe("Only types with at least this many cores."),
            Attr.Number("min_memory_gb").Optional().Validate(new NumberRangeValidator(0, 100_000)).Describe("Only types with at least this much memory, in GB (1024 MB)."),
            Attr.Number("gb_per_core").Optional().Validate(new NumberRangeValidator(0, 10_000)).Describe("Only types with at least this much memory per core, in GB."),
            Attr.String("category").Optional()
                .Describe("Only types of this category, compared ignoring case, e.g. `General Purpose`, `Memory Optimized`, `Compute Optimized`, `Storage Optimized`."),
            Attr.String("id").Computed().Describe("The smallest matching node type: what `node_type_id` takes."),
            new AttributeBuilder("node_types", TypeSpec.ListOf(NodeTypeType)).Computed()
                .Describe("Every matching node type, smallest first: node_type_id, num_cores, memory_mb, description, instance_type_id, category."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var request = new ListNodeTypesRequest { AccountId = context.Client.AccountId, WorkspaceId = config.RequiredLong("workspace_id") };
        var all = (await DaemonErrors.RethrowAsDiagnosticAsync(Schema, "list node types", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.ListNodeTypesAsync(request, options).ResponseAsync, cancellationToken))).NodeTypes;
        var matches = Filter(all, config).ToList();
        if (matches.Count == 0)
        {
            throw new ResourceException(Diagnostic.Error(
                "No node type matches",
                $"No node type of workspace {request.WorkspaceId} matches the filters. It has: " +
                string.Join("; ", all.OrderBy(t => t.NodeTypeId, StringComparer.Ordinal).Select(Describe)) + ". Relax min_cores, min_memory_gb, gb_per_core or category."));
        }
        var values = new Dictionary<string, Value>(config.Attributes, StringComparer.Ordinal)
        {
            ["id"] = Value.Of(matches[0].NodeTypeId),
            ["node_types"] = new CollectionValue(matches.Select(ToValue).ToArray()),
        };
        return new ObjectValue(values);
    }

    /// <summary>The types that satisfy every filter the configuration sets, smallest first.</summary>
    internal static IEnumerable<NodeType> Filter(IEnumerable<NodeType> all, ObjectValue config)
    {
        var minCores = Number(config, "min_cores");
        var minMemoryGb = Number(config, "min_memory_gb");
        var gbPerCore = Number(config, "gb_per_core");
        var category = config.OptionalString("category");
        return all
            .Where(t => minCores is null || (decimal)t.NumCores >= minCores)
            .Where(t => minMemoryGb is null || t.MemoryMb >= minMemoryGb * 1024)
            .Where(t => gbPerCore is null || t.MemoryMb >= gbPerCore * 1024 * (decimal)t.NumCores)
            .Where(t => category is null || string.Equals(t.Category, category.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.NumCores)
            .ThenBy(t => t.MemoryMb)
            .ThenBy(t => t.NodeTypeId, StringComparer.Ordinal);
    }

    private static decimal? Number(ObjectValue config, string name) => config[name] is NumberValue number ? number.Value : null;

    private static Value ToValue(NodeType type) => new ObjectValue(new Dictionary<string, Value>(StringComparer.Ordinal)
    {
        ["node_type_id"] = Value.Of(type.NodeTypeId),
        ["num_cores"] = Value.Of((decimal)type.NumCores),
        ["memory_mb"] = Value.Of(type.MemoryMb),
        ["description"] = Value.Of(type.Description),
        ["instance_type_id"] = Value.Of(type.InstanceTypeId),
        ["category"] = Value.Of(type.Category),
    });

    private static string Describe(NodeType type) =>
        string.Create(CultureInfo.InvariantCulture, $"{type.NodeTypeId} ({type.NumCores} cores, {type.MemoryMb / 1024.0:0.#} GB, {type.Category})");
}
