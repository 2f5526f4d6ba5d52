using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>Builds grant resource values as terraform hands them to the model.</summary>
internal static class GrantValues
{
    public static Value Set(params string[] elements) => new CollectionValue(elements.Select(e => Value.Of(e)).ToArray());

    public static ObjectValue Block(string principal, params string[] privileges) =>
        new(new Dictionary<string, Value> { ["principal"] = Value.Of(principal), ["privileges"] = Set(privileges) });

    /// <summary>A lakeplane_grants value on <paramref name="argument"/> = <paramref name="name"/> (state when <paramref name="withId"/>).</summary>
    public static ObjectValue Grants(string argument, string name, bool withId, params ObjectValue[] blocks)
    {
        var values = new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L),
            ["grant"] = new CollectionValue(blocks),
            ["id"] = withId ? Value.Of($"42/{argument}/{name}") : Value.Null,
        };
        foreach (var securable in new[] { "metastore", "catalog", "schema", "table", "volume", "storage_credential", "external_location" })
        {
            values[securable] = securable == argument ? Value.Of(name) : Value.Null;
        }
        return new ObjectValue(values);
    }

    /// <summary>A lakeplane_grant value for one principal.</summary>
    public static ObjectValue Grant(string argument, string name, string principal, params string[] privileges)
    {
        var values = new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L),
            ["principal"] = Value.Of(principal),
            ["privileges"] = Set(privileges),
            ["id"] = Value.Null,
        };
        foreach (var securable in new[] { "metastore", "catalog", "schema", "table", "volume", "storage_credential", "external_location" })
        {
            values[securable] = securable == argument ? Value.Of(name) : Value.Null;
        }
        return new ObjectValue(values);
    }

    public static IReadOnlySet<string> Privileges(params string[] privileges) => privileges.ToHashSet(StringComparer.Ordinal);
}
