using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Rules terraform applies to every value a provider returns that the model need not know:
/// a list or set of nested blocks is never null (no blocks = empty), write-only attributes are
/// always null in plans and state, and state after apply or read holds no unknowns.
/// </summary>
public static class TerraformValueShape
{
    public static ObjectValue Outgoing(ObjectSchema schema, ObjectValue value, bool resolveUnknowns)
    {
        var shaped = new Dictionary<string, Value>(value.Attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in schema.Attributes)
        {
            var attributeValue = value[attribute.Name];
            shaped[attribute.Name] = attribute.WriteOnly ? Value.Null
                : resolveUnknowns ? UnknownsToNull(attributeValue)
                : attributeValue;
        }
        foreach (var block in schema.Blocks)
        {
            shaped[block.Name] = ShapeBlock(block, value[block.Name], resolveUnknowns);
        }
        return new ObjectValue(shaped);
    }

    /// <summary>
    /// What the resource gets to create or update with: the plan terraform approved plus the
    /// write-only values, which terraform keeps out of plans and passes only in the configuration.
    /// </summary>
    public static ObjectValue WithWriteOnlyFromConfig(ObjectSchema schema, ObjectValue planned, ObjectValue? config)
    {
        if (config is null)
        {
            return planned;
        }
        var merged = planned;
        foreach (var attribute in schema.Attributes.Where(a => a.WriteOnly))
        {
            merged = merged.With(attribute.Name, config[attribute.Name]);
        }
        return merged;
    }

    private static Value ShapeBlock(BlockSchema block, Value value, bool resolveUnknowns)
    {
        if (block.Nesting == BlockNesting.Single)
        {
            return value is ObjectValue single ? Outgoing(block.Object, single, resolveUnknowns)
                : resolveUnknowns ? UnknownsToNull(value)
                : value;
        }
        if (value is CollectionValue collection)
        {
            return new CollectionValue(collection.Elements
                .Select(e => e is ObjectValue element ? Outgoing(block.Object, element, resolveUnknowns) : e)
                .ToArray());
        }
        // Unknown stays unknown in a plan (e.g. blocks from a dynamic block over unknowns).
        return value is UnknownValue && !resolveUnknowns ? value : new CollectionValue([]);
    }

    private static Value UnknownsToNull(Value value) => value switch
    {
        UnknownValue => Value.Null,
        CollectionValue collection when !collection.IsWhollyKnown => new CollectionValue(collection.Elements.Select(UnknownsToNull).ToArray()),
        ObjectValue obj when !obj.IsWhollyKnown => new ObjectValue(obj.Attributes.ToDictionary(a => a.Key, a => UnknownsToNull(a.Value), StringComparer.Ordinal)),
        _ => value,
    };
}
