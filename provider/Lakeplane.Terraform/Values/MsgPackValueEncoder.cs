using System.Buffers;
using Lakeplane.Resources.Model;
using MessagePack;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Encodes a model <see cref="Value"/> as the msgpack terraform decodes with go-cty, driven by
/// the schema's type: objects carry every attribute of the type in ordinal key order (go-cty
/// insists on the full set), unknowns are extension 0 (<c>d4 00 00</c>), nulls are nil.
/// </summary>
public static class MsgPackValueEncoder
{
    private static readonly byte[] UnknownPayload = [0];

    public static byte[] Encode(Value value, TypeSpec type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, value, type, AttributePath.Root);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter writer, Value value, TypeSpec type, AttributePath path)
    {
        switch (value)
        {
            case UnknownValue:
                writer.WriteExtensionFormat(new ExtensionResult(0, UnknownPayload));
                return;
            case NullValue:
                writer.WriteNil();
                return;
        }

        switch (type)
        {
            case PrimitiveType primitive:
                WritePrimitive(ref writer, PrimitiveConversion.Convert(value, primitive.Kind, path));
                break;
            case ListType list:
                WriteCollection(ref writer, value, list.Element, path);
                break;
            case SetType set:
                WriteCollection(ref writer, value, set.Element, path);
                break;
            case MapType map:
                WriteMap(ref writer, value, map.Element, path);
                break;
            case ObjectType obj:
                WriteObject(ref writer, value, obj, path);
                break;
            default:
                throw new ValueCodecException($"unsupported type {type}", path);
        }
    }

    private static void WritePrimitive(ref MessagePackWriter writer, Value value)
    {
        switch (value)
        {
            case StringValue s:
                writer.Write(s.Value);
                break;
            case BoolValue b:
                writer.Write(b.Value);
                break;
            case NumberValue n:
                // Integers as compact ints like go-cty; anything else as exact decimal text,
                // which go-cty parses back without the rounding a float64 would bring.
                if (decimal.Truncate(n.Value) == n.Value && n.Value >= long.MinValue && n.Value <= long.MaxValue)
                {
                    writer.Write((long)n.Value);
                }
                else
                {
                    writer.Write(NumberText.Format(n.Value));
                }
                break;
        }
    }

    private static void WriteCollection(ref MessagePackWriter writer, Value value, TypeSpec element, AttributePath path)
    {
        if (value is not CollectionValue collection)
        {
            throw new ValueCodecException($"a list or set is required, the provider produced {value.GetType().Name}", path);
        }
        writer.WriteArrayHeader(collection.Elements.Count);
        for (var i = 0; i < collection.Elements.Count; i++)
        {
            Write(ref writer, collection.Elements[i], element, path.Index(i));
        }
    }

    private static void WriteMap(ref MessagePackWriter writer, Value value, TypeSpec element, AttributePath path)
    {
        if (value is not ObjectValue map)
        {
            throw new ValueCodecException($"a map is required, the provider produced {value.GetType().Name}", path);
        }
        writer.WriteMapHeader(map.Attributes.Count);
        foreach (var key in map.Attributes.Keys.Order(StringComparer.Ordinal))
        {
            writer.Write(key);
            Write(ref writer, map.Attributes[key], element, path.Key(key));
        }
    }

    private static void WriteObject(ref MessagePackWriter writer, Value value, ObjectType type, AttributePath path)
    {
        if (value is not ObjectValue obj)
        {
            throw new ValueCodecException($"an object is required, the provider produced {value.GetType().Name}", path);
        }
        // Attributes the type does not know are left out: the schema is the contract with terraform.
        var names = type.Attributes.Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
        writer.WriteMapHeader(names.Length);
        foreach (var name in names)
        {
            writer.Write(name);
            Write(ref writer, obj[name], MsgPackValueDecoder.FindAttributeType(type, name)!, path.Attribute(name));
        }
    }
}
