using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>Equality of wholly known primitive values (what sets of ids and names hold), for counting distinct elements.</summary>
internal sealed class KnownValueComparer : IEqualityComparer<Value>
{
    public static readonly KnownValueComparer Instance = new();

    public bool Equals(Value? x, Value? y) => (x, y) switch
    {
        (StringValue a, StringValue b) => a.Value == b.Value,
        (NumberValue a, NumberValue b) => a.Value == b.Value,
        (BoolValue a, BoolValue b) => a.Value == b.Value,
        _ => ReferenceEquals(x, y),
    };

    public int GetHashCode(Value value) => value switch
    {
        StringValue s => s.Value.GetHashCode(StringComparison.Ordinal),
        NumberValue n => n.Value.GetHashCode(),
        BoolValue b => b.Value.GetHashCode(),
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value),
    };
}
