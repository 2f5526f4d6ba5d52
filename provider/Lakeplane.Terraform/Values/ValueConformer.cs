using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Shapes a value to a type the way go-cty's conversion would: objects get exactly the type's
/// attributes (missing ones null, unknown ones dropped), primitives convert where cty allows
/// (number ↔ string, "true" → bool). Used for state from JSON, whose shape may be older than
/// the schema.
/// </summary>
public static class ValueConformer
{
    public static Value Conform(Value value, TypeSpec type, AttributePath path)
    {
        if (value is NullValue or UnknownValue)
        {
            return value;
        }
        switch (type)
        {
            case PrimitiveType primitive:
                return PrimitiveConversion.Convert(value, primitive.Kind, path);
            case ListType list:
                return ConformCollection(value, list.Element, path);
            case SetType set:
                return ConformCollection(value, set.Element, path);
            case MapType map:
                if (value is not ObjectValue entries)
                {
                    throw new ValueCodecException($"a map is required, found a {value.GetType().Name}", path);
                }
                return new ObjectValue(entries.Attributes.ToDictionary(
                    e => e.Key, e => Conform(e.Value, map.Element, path.Key(e.Key)), StringComparer.Ordinal));
            case ObjectType obj:
                if (value is not ObjectValue attributes)
                {
                    throw new ValueCodecException($"an object is required, found a {value.GetType().Name}", path);
                }
                var shaped = new Dictionary<string, Value>(obj.Attributes.Count, StringComparer.Ordinal);
                foreach (var (name, attributeType) in obj.Attributes)
                {
                    shaped[name] = Conform(attributes[name], attributeType, path.Attribute(name));
                }
                return new ObjectValue(shaped);
            default:
                throw new ValueCodecException($"unsupported type {type}", path);
        }
    }

    private static Value ConformCollection(Value value, TypeSpec element, AttributePath path)
    {
        if (value is not CollectionValue collection)
        {
            throw new ValueCodecException($"a list or set is required, found a {value.GetType().Name}", path);
        }
        var elements = new Value[collection.Elements.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = Conform(collection.Elements[i], element, path.Index(i));
        }
        return new CollectionValue(elements);
    }
}
