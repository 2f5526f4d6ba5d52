using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// The workspace entitlements of users, groups and service principals, written as databricks_user and friends write
/// them: one boolean argument each, false when left out. The four arguments are authoritative for the four entitlements
/// the API knows, so one granted out of band shows as drift.
/// </summary>
public static class Entitlements
{
    private static readonly (string Attribute, string Entitlement, string Description)[] Known =
    [
        ("allow_cluster_create", "allow-cluster-create", "May create clusters."),
        ("allow_instance_pool_create", "allow-instance-pool-create", "May create instance pools."),
        ("databricks_sql_access", "databricks-sql-access", "May use Databricks SQL."),
        ("workspace_access", "workspace-access", "May use the workspace UI and APIs."),
    ];

    public static IEnumerable<AttributeSchema> Attributes(string holder) =>
        Known.Select(known => (AttributeSchema)Attr.Bool(known.Attribute).Optional().Computed().Default(Value.Of(false))
            .Describe($"{known.Description} Entitlement {known.Entitlement} of the {holder}."));

    /// <summary>The entitlements a plan asks for.</summary>
    public static IReadOnlyList<string> From(ObjectValue planned) =>
        Known.Where(known => planned[known.Attribute] is BoolValue { Value: true }).Select(known => known.Entitlement).ToList();

    /// <summary>What a plan asks for as a whole replacement of the entitlements.</summary>
    public static ListChange Replacement(ObjectValue planned) => new() { Replace = true, Values = { From(planned) } };

    /// <summary>The entitlements the daemon holds, as the four state attributes.</summary>
    public static void AddTo(Dictionary<string, Value> state, IEnumerable<string> entitlements)
    {
        var held = entitlements.ToHashSet(StringComparer.Ordinal);
        foreach (var known in Known)
        {
            state[known.Attribute] = Value.Of(held.Contains(known.Entitlement));
        }
    }

    /// <summary>A known boolean, or null when the attribute is null.</summary>
    public static bool? OptionalBool(this ObjectValue value, string name) => value[name] switch
    {
        BoolValue b => b.Value,
        NullValue => null,
        var other => throw new InvalidOperationException($"attribute \"{name}\" should be a bool here but is {other.GetType().Name}"),
    };
}
