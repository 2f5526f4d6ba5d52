using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Planning;

/// <summary>
/// Whether two values mean the same thing under their type: sets compare without order (the
/// daemon may return subnets sorted differently than they were written), maps and objects by
/// key, numbers by value. Unknown equals nothing, not even another unknown, because either
/// may turn out to be anything.
/// </summary>
public static class ValueEquality
{
    public static bool Equal(Value left, Value right, TypeSpec type)
    {
        if (left.IsUnknown || right.IsUnknown)
        {
            return false;
        }
        if (left.IsNull || right.IsNull)
        {
            return left.IsNull && right.IsNull;
        }
        return (type, left, right) switch
        {
            (PrimitiveType, StringValue a, StringValue b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            (PrimitiveType, BoolValue a, BoolValue b) => a.Value == b.Value,
            (PrimitiveType, NumberValue a, NumberValue b) => a.Value == b.Value,
            (ListType list, CollectionValue a, CollectionValue b) => ListsEqual(a, b, list.Element),
            (SetType set, CollectionValue a, CollectionValue b) => SetsEqual(a, b, set.Element),
            (MapType map, ObjectValue a, ObjectValue b) => MapsEqual(a, b, map.Element),
            (ObjectType obj, ObjectValue a, ObjectValue b) => obj.Attributes.All(attr => Equal(a[attr.Key], b[attr.Key], attr.Value)),
            _ => false,
        };
    }

    private static bool ListsEqual(CollectionValue a, CollectionValue b, TypeSpec element) =>
        a.Elements.Count == b.Elements.Count
        && a.Elements.Zip(b.Elements).All(pair => Equal(pair.First, pair.Second, element));

    /// <summary>Every element of each has an equal element in the other (sets hold no duplicates).</summary>
    private static bool SetsEqual(CollectionValue a, CollectionValue b, TypeSpec element)
    {
        var distinctA = Distinct(a.Elements, element);
        var distinctB = Distinct(b.Elements, element);
        return distinctA.Count == distinctB.Count
            && distinctA.All(x => distinctB.Any(y => Equal(x, y, element)));
    }

    private static List<Value> Distinct(IReadOnlyList<Value> elements, TypeSpec element)
    {
        var distinct = new List<Value>(elements.Count);
        foreach (var candidate in elements)
        {
            if (!distinct.Any(existing => Equal(existing, candidate, element)))
            {
                distinct.Add(candidate);
            }
        }
        return distinct;
    }

    private static bool MapsEqual(ObjectValue a, ObjectValue b, TypeSpec element) =>
        a.Attributes.Count == b.Attributes.Count
        && a.Attributes.All(entry => b.Attributes.TryGetValue(entry.Key, out var other) && Equal(entry.Value, other, element));
}
