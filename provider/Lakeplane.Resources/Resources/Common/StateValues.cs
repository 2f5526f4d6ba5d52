using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// Reading attributes of a plan or state as the CLR types the daemon's API takes, and building
/// state values from its answers. Readers throw on a value of the wrong shape: the schema
/// guarantees the shape, so a mismatch is a bug and must not be papered over.
/// </summary>
public static class StateValues
{
    /// <summary>A known string, or null when the attribute is null (unknown is a bug at apply time).</summary>
    public static string? OptionalString(this ObjectValue value, string name) => value[name] switch
    {
        StringValue s => s.Value,
        NullValue => null,
        var other => throw Unexpected(name, "a string", other),
    };

    public static string RequiredString(this ObjectValue value, string name) =>
        value.OptionalString(name) ?? throw Unexpected(name, "a string", Value.Null);

    public static long? OptionalLong(this ObjectValue value, string name) => value[name] switch
    {
        NumberValue n when n.Value == decimal.Truncate(n.Value) && n.Value >= long.MinValue && n.Value <= long.MaxValue => (long)n.Value,
        NullValue => null,
        var other => throw Unexpected(name, "a whole number", other),
    };

    public static long RequiredLong(this ObjectValue value, string name) =>
        value.OptionalLong(name) ?? throw Unexpected(name, "a whole number", Value.Null);

    /// <summary>The elements of a set or list of strings; null when the attribute is null.</summary>
    public static IReadOnlyList<string>? OptionalStrings(this ObjectValue value, string name) => value[name] switch
    {
        CollectionValue c => c.Elements.Select(e => e is StringValue s ? s.Value : throw Unexpected(name, "strings", e)).ToArray(),
        NullValue => null,
        var other => throw Unexpected(name, "a set of strings", other),
    };

    /// <summary>A map of strings; null when the attribute is null.</summary>
    public static Dictionary<string, string>? OptionalStringMap(this ObjectValue value, string name) => value[name] switch
    {
        ObjectValue map => map.Attributes.ToDictionary(e => e.Key, e => e.Value is StringValue s ? s.Value : throw Unexpected(name, "string values", e.Value), StringComparer.Ordinal),
        NullValue => null,
        var other => throw Unexpected(name, "a map of strings", other),
    };

    /// <summary>A set of strings in ordinal order, so the same members always make the same state.</summary>
    public static Value StringSet(IEnumerable<string> elements) =>
        new CollectionValue(elements.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(e => (Value)new StringValue(e)).ToArray());

    public static Value StringMap(IEnumerable<KeyValuePair<string, string>> entries) =>
        new ObjectValue(entries.ToDictionary(e => e.Key, e => (Value)new StringValue(e.Value), StringComparer.Ordinal));

    /// <summary>The daemon's "" for "not set" as null, so state reads as a configuration that omits it.</summary>
    public static Value StringOrNull(string text) => text.Length == 0 ? Value.Null : new StringValue(text);

    private static InvalidOperationException Unexpected(string name, string expected, Value found) =>
        new($"attribute \"{name}\" should be {expected} here but is {found.GetType().Name}");
}
