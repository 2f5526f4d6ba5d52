using System.Globalization;
using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Model;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Values;

/// <summary>
/// google.protobuf.Struct (Pulumi's property map) → the model's values, guided by the schema's
/// type: camelCase keys become the model's snake_case attribute names (map keys are the user's and
/// stay as written), every unknown sentinel becomes Unknown, secrets and output values are
/// unwrapped (remembering the secret), resource references become the referenced id.
/// </summary>
public static class PropertyDecoder
{
    public static DecodedProperties Decode(Struct? properties, ObjectType type)
    {
        if (properties is null)
        {
            return DecodedProperties.Empty;
        }
        var byCamel = type.Attributes.ToDictionary(a => PulumiNames.ToCamel(a.Key), a => a, StringComparer.Ordinal);
        var attributes = new Dictionary<string, Value>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var unknownKeys = new List<string>();
        foreach (var (key, raw) in properties.Fields)
        {
            if (key.StartsWith("__", StringComparison.Ordinal))
            {
                // Engine-internal keys (__defaults, __meta) carry nothing for the model.
                continue;
            }
            if (!byCamel.TryGetValue(key, out var attribute))
            {
                unknownKeys.Add(key);
                continue;
            }
            var secret = false;
            attributes[attribute.Key] = DecodeValue(raw, attribute.Value, key, ref secret);
            if (secret)
            {
                secrets.Add(attribute.Key);
            }
        }
        return new DecodedProperties(new ObjectValue(attributes), secrets, unknownKeys);
    }

    /// <summary>One value of a known type; <paramref name="secret"/> becomes true if any part was secret.</summary>
    public static Value DecodeValue(ProtoValue raw, TypeSpec type, string path, ref bool secret)
    {
        var inner = Unwrap(raw, path, ref secret);
        if (inner is null)
        {
            return Value.Unknown;
        }
        if (inner.KindCase is ProtoValue.KindOneofCase.NullValue or ProtoValue.KindOneofCase.None)
        {
            return Value.Null;
        }
        switch (type)
        {
            case PrimitiveType primitive:
                return DecodePrimitive(inner, primitive.Kind, path);
            case ListType list:
                return DecodeCollection(inner, list.Element, path, ref secret);
            case SetType set:
                return DecodeCollection(inner, set.Element, path, ref secret);
            case MapType map:
                {
                    var fields = RequireStruct(inner, path, "a map");
                    var entries = new Dictionary<string, Value>(StringComparer.Ordinal);
                    foreach (var (key, element) in fields.Fields)
                    {
                        entries[key] = DecodeValue(element, map.Element, path + "." + key, ref secret);
                    }
                    return new ObjectValue(entries);
                }
            case ObjectType obj:
                {
                    var fields = RequireStruct(inner, path, "an object");
                    var attributes = new Dictionary<string, Value>(StringComparer.Ordinal);
                    foreach (var (name, attributeType) in obj.Attributes)
                    {
                        var camel = PulumiNames.ToCamel(name);
                        attributes[name] = fields.Fields.TryGetValue(camel, out var element)
                            ? DecodeValue(element, attributeType, path + "." + camel, ref secret)
                            : Value.Null;
                    }
                    return new ObjectValue(attributes);
                }
            default:
                throw new PropertyCodecException(path, $"The schema type of \"{path}\" is not supported.");
        }
    }

    /// <summary>
    /// Strips Pulumi's wrappers. Returns null for an unknown value (a sentinel, an output value
    /// without a value, a reference to a resource whose id is not known yet).
    /// </summary>
    public static ProtoValue? Unwrap(ProtoValue raw, string path, ref bool secret)
    {
        if (PropertySentinels.IsUnknown(raw))
        {
            return null;
        }
        if (raw.KindCase != ProtoValue.KindOneofCase.StructValue
            || !raw.StructValue.Fields.TryGetValue(PropertySentinels.SignatureKey, out var signature))
        {
            return raw;
        }
        var fields = raw.StructValue.Fields;
        switch (signature.StringValue)
        {
            case PropertySentinels.SecretSignature:
                secret = true;
                return fields.TryGetValue("value", out var secretValue) ? Unwrap(secretValue, path, ref secret) : ProtoValue.ForNull();
            case PropertySentinels.OutputValueSignature:
                if (fields.TryGetValue("secret", out var isSecret) && isSecret.BoolValue)
                {
                    secret = true;
                }
                return fields.TryGetValue("value", out var outputValue) ? Unwrap(outputValue, path, ref secret) : null;
            case PropertySentinels.ResourceReferenceSignature:
                // A reference to a custom resource stands for its id; a component has none, so its URN.
                if (fields.TryGetValue("id", out var id))
                {
                    var idValue = Unwrap(id, path, ref secret);
                    return idValue is null || idValue.StringValue.Length == 0 ? null : idValue;
                }
                return fields.TryGetValue("urn", out var urn) ? urn : ProtoValue.ForNull();
            case PropertySentinels.AssetSignature:
            case PropertySentinels.ArchiveSignature:
                throw new PropertyCodecException(path, $"\"{path}\" takes no asset or archive. Pass a plain value.");
            default:
                throw new PropertyCodecException(path, $"\"{path}\" holds a special value this provider does not know (signature {signature.StringValue}).");
        }
    }

    private static Value DecodeCollection(ProtoValue inner, TypeSpec elementType, string path, ref bool secret)
    {
        if (inner.KindCase != ProtoValue.KindOneofCase.ListValue)
        {
            throw new PropertyCodecException(path, $"\"{path}\" must be a list, not {Describe(inner)}.");
        }
        var elements = new List<Value>(inner.ListValue.Values.Count);
        for (var index = 0; index < inner.ListValue.Values.Count; index++)
        {
            elements.Add(DecodeValue(inner.ListValue.Values[index], elementType, $"{path}[{index}]", ref secret));
        }
        return new CollectionValue(elements);
    }

    private static Struct RequireStruct(ProtoValue inner, string path, string what) =>
        inner.KindCase == ProtoValue.KindOneofCase.StructValue
            ? inner.StructValue
            : throw new PropertyCodecException(path, $"\"{path}\" must be {what}, not {Describe(inner)}.");

    /// <summary>Pulumi programs (YAML above all) may write 5 for "5" and "true" for true: accept what converts exactly.</summary>
    private static Value DecodePrimitive(ProtoValue inner, PrimitiveKind kind, string path)
    {
        switch (kind, inner.KindCase)
        {
            case (PrimitiveKind.String, ProtoValue.KindOneofCase.StringValue):
                return Value.Of(inner.StringValue);
            case (PrimitiveKind.String, ProtoValue.KindOneofCase.NumberValue):
                return Value.Of(inner.NumberValue.ToString("R", CultureInfo.InvariantCulture));
            case (PrimitiveKind.String, ProtoValue.KindOneofCase.BoolValue):
                return Value.Of(inner.BoolValue ? "true" : "false");
            case (PrimitiveKind.Bool, ProtoValue.KindOneofCase.BoolValue):
                return Value.Of(inner.BoolValue);
            case (PrimitiveKind.Bool, ProtoValue.KindOneofCase.StringValue) when bool.TryParse(inner.StringValue, out var parsedBool):
                return Value.Of(parsedBool);
            case (PrimitiveKind.Number, ProtoValue.KindOneofCase.NumberValue):
                return Value.Of(ToDecimal(inner.NumberValue, path));
            case (PrimitiveKind.Number, ProtoValue.KindOneofCase.StringValue)
                when decimal.TryParse(inner.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedNumber):
                return Value.Of(parsedNumber);
            default:
                throw new PropertyCodecException(path, $"\"{path}\" must be a {kind.ToString().ToLowerInvariant()}, not {Describe(inner)}.");
        }
    }

    /// <summary>Exact for every integer a double holds (ids beyond 15 digits included): the cast
    /// (decimal)double would round to 15 significant digits.</summary>
    private static decimal ToDecimal(double number, string path)
    {
        if (!double.IsFinite(number) || Math.Abs(number) >= 7.9e28)
        {
            throw new PropertyCodecException(path, $"\"{path}\" is not a finite number in range.");
        }
        if (Math.Floor(number) == number && Math.Abs(number) < 9.2e18)
        {
            return (long)number;
        }
        return decimal.Parse(number.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static string Describe(ProtoValue value) => value.KindCase switch
    {
        ProtoValue.KindOneofCase.StringValue => "a string",
        ProtoValue.KindOneofCase.NumberValue => "a number",
        ProtoValue.KindOneofCase.BoolValue => "a boolean",
        ProtoValue.KindOneofCase.ListValue => "a list",
        ProtoValue.KindOneofCase.StructValue => "an object",
        _ => "null",
    };
}
