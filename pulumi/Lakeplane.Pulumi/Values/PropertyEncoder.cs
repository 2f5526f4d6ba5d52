using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Model;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Values;

/// <summary>
/// The model's values → Pulumi's property map: snake_case attributes under camelCase keys,
/// unknown as the unknown sentinel (preview), and sensitive attributes, or attributes that came
/// in as secrets, wrapped as secrets so that the engine encrypts them in state.
/// </summary>
public static class PropertyEncoder
{
    /// <param name="secretAttributes">Attributes the program passed as secrets: they stay secret.</param>
    /// <param name="acceptSecrets">False only for an engine that said it cannot take secrets.</param>
    public static Struct Encode(ObjectValue value, ObjectSchema schema, IReadOnlySet<string> secretAttributes, bool acceptSecrets = true)
    {
        var result = new Struct();
        var type = schema.ValueType();
        foreach (var (name, attributeType) in type.Attributes)
        {
            var attribute = schema.FindAttribute(name);
            if (attribute is { WriteOnly: true })
            {
                // Write-only values are never kept: not in state, not in outputs.
                continue;
            }
            var encoded = EncodeValue(value[name], attributeType);
            var secret = (attribute is { Sensitive: true } || secretAttributes.Contains(name)) && !value[name].IsNull;
            result.Fields[PulumiNames.ToCamel(name)] = secret && acceptSecrets ? Secret(encoded) : encoded;
        }
        return result;
    }

    public static ProtoValue EncodeValue(Value value, TypeSpec type)
    {
        switch (value)
        {
            case UnknownValue:
                return ProtoValue.ForString(PropertySentinels.UnknownString);
            case NullValue:
                return ProtoValue.ForNull();
            case StringValue s:
                return ProtoValue.ForString(s.Value);
            case BoolValue b:
                return ProtoValue.ForBool(b.Value);
            case NumberValue n:
                return ProtoValue.ForNumber((double)n.Value);
            case CollectionValue collection:
                {
                    var elementType = type switch
                    {
                        ListType list => list.Element,
                        SetType set => set.Element,
                        _ => TypeSpec.String,
                    };
                    return ProtoValue.ForList(collection.Elements.Select(e => EncodeValue(e, elementType)).ToArray());
                }
            case ObjectValue obj when type is ObjectType objectType:
                {
                    var fields = new Struct();
                    foreach (var (name, attributeType) in objectType.Attributes)
                    {
                        fields.Fields[PulumiNames.ToCamel(name)] = EncodeValue(obj[name], attributeType);
                    }
                    return ProtoValue.ForStruct(fields);
                }
            case ObjectValue map:
                {
                    var elementType = type is MapType mapType ? mapType.Element : TypeSpec.String;
                    var fields = new Struct();
                    foreach (var (key, element) in map.Attributes)
                    {
                        fields.Fields[key] = EncodeValue(element, elementType);
                    }
                    return ProtoValue.ForStruct(fields);
                }
            default:
                throw new InvalidOperationException($"A {value.GetType().Name} has no Pulumi encoding.");
        }
    }

    /// <summary>{"4dabf1…": "1b4706…", "value": v}: Pulumi's strongly typed secret.</summary>
    public static ProtoValue Secret(ProtoValue value)
    {
        var secret = new Struct();
        secret.Fields[PropertySentinels.SignatureKey] = ProtoValue.ForString(PropertySentinels.SecretSignature);
        secret.Fields["value"] = value;
        return ProtoValue.ForStruct(secret);
    }
}
