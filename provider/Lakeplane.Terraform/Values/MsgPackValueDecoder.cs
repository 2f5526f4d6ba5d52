using System.Globalization;
using System.Text;
using Lakeplane.Resources.Model;
using MessagePack;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Decodes terraform's msgpack DynamicValue into a model <see cref="Value"/>, driven by the
/// schema's type (msgpack alone cannot tell a list from a set or a map from an object).
/// Mirrors go-cty's msgpack unmarshal: any extension is an unknown value (type 0 plain, type
/// 12 refined with facts we do not need), nil is null, numbers arrive as int, float or — when
/// neither is exact — as a decimal string.
/// </summary>
public static class MsgPackValueDecoder
{
    public static Value Decode(ReadOnlyMemory<byte> bytes, TypeSpec type)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            var value = Read(ref reader, type, AttributePath.Root);
            if (!reader.End)
            {
                throw new ValueCodecException("trailing bytes after the value", AttributePath.Root);
            }
            return value;
        }
        catch (MessagePackSerializationException e)
        {
            throw new ValueCodecException("malformed msgpack: " + e.Message, AttributePath.Root, e);
        }
        catch (EndOfStreamException e)
        {
            throw new ValueCodecException("truncated msgpack value", AttributePath.Root, e);
        }
    }

    private static Value Read(ref MessagePackReader reader, TypeSpec type, AttributePath path)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Extension:
                // go-cty writes no other extensions: every one is an unknown, refined or not.
                var header = reader.ReadExtensionFormatHeader();
                reader.ReadRaw(header.Length);
                return Value.Unknown;
            case MessagePackType.Nil:
                reader.ReadNil();
                return Value.Null;
        }

        return type switch
        {
            PrimitiveType { Kind: PrimitiveKind.String } => ReadString(ref reader, path),
            PrimitiveType { Kind: PrimitiveKind.Bool } => ReadBool(ref reader, path),
            PrimitiveType { Kind: PrimitiveKind.Number } => ReadNumber(ref reader, path),
            ListType list => ReadCollection(ref reader, list.Element, path),
            SetType set => ReadCollection(ref reader, set.Element, path),
            MapType map => ReadMap(ref reader, map.Element, path),
            ObjectType obj => ReadObject(ref reader, obj, path),
            _ => throw new ValueCodecException($"unsupported type {type}", path),
        };
    }

    private static Value ReadString(ref MessagePackReader reader, AttributePath path)
    {
        if (reader.NextMessagePackType is not (MessagePackType.String or MessagePackType.Binary))
        {
            throw Mismatch("a string", ref reader, path);
        }
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            var bytes = reader.ReadBytes();
            return new StringValue(bytes is null ? "" : Encoding.UTF8.GetString(bytes.Value));
        }
        return new StringValue(reader.ReadString() ?? "");
    }

    private static Value ReadBool(ref MessagePackReader reader, AttributePath path)
    {
        if (reader.NextMessagePackType != MessagePackType.Boolean)
        {
            throw Mismatch("a bool", ref reader, path);
        }
        return new BoolValue(reader.ReadBoolean());
    }

    private static Value ReadNumber(ref MessagePackReader reader, AttributePath path)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                // uint64 is the only integer form that does not fit a long.
                return reader.NextCode == MessagePackCode.UInt64
                    ? new NumberValue(reader.ReadUInt64())
                    : new NumberValue(reader.ReadInt64());
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    throw new ValueCodecException("infinite numbers are not supported", path);
                }
                try
                {
                    return new NumberValue((decimal)number);
                }
                catch (OverflowException e)
                {
                    throw new ValueCodecException($"number {number.ToString(CultureInfo.InvariantCulture)} is out of range", path, e);
                }
            case MessagePackType.String:
                return NumberText.Parse(reader.ReadString() ?? "", path);
            default:
                throw Mismatch("a number", ref reader, path);
        }
    }

    private static Value ReadCollection(ref MessagePackReader reader, TypeSpec element, AttributePath path)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw Mismatch("a list or set", ref reader, path);
        }
        var count = reader.ReadArrayHeader();
        var elements = new Value[count];
        for (var i = 0; i < count; i++)
        {
            elements[i] = Read(ref reader, element, path.Index(i));
        }
        return new CollectionValue(elements);
    }

    private static Value ReadMap(ref MessagePackReader reader, TypeSpec element, AttributePath path)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Mismatch("a map", ref reader, path);
        }
        var count = reader.ReadMapHeader();
        var entries = new Dictionary<string, Value>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader, path);
            entries[key] = Read(ref reader, element, path.Key(key));
        }
        return new ObjectValue(entries);
    }

    private static Value ReadObject(ref MessagePackReader reader, ObjectType type, AttributePath path)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Mismatch("an object", ref reader, path);
        }
        var count = reader.ReadMapHeader();
        var attributes = new Dictionary<string, Value>(type.Attributes.Count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ReadKey(ref reader, path);
            var attributeType = FindAttributeType(type, name)
                ?? throw new ValueCodecException($"unsupported attribute \"{name}\"", path);
            attributes[name] = Read(ref reader, attributeType, path.Attribute(name));
        }
        // go-cty always writes every attribute; fill any gap with null so the value has the schema's shape.
        foreach (var (name, _) in type.Attributes)
        {
            attributes.TryAdd(name, Value.Null);
        }
        return new ObjectValue(attributes);
    }

    private static string ReadKey(ref MessagePackReader reader, AttributePath path)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw Mismatch("a string key", ref reader, path);
        }
        return reader.ReadString() ?? "";
    }

    internal static TypeSpec? FindAttributeType(ObjectType type, string name)
    {
        foreach (var (attributeName, attributeType) in type.Attributes)
        {
            if (attributeName == name)
            {
                return attributeType;
            }
        }
        return null;
    }

    private static ValueCodecException Mismatch(string expected, ref MessagePackReader reader, AttributePath path) =>
        new($"{expected} is required, found msgpack {reader.NextMessagePackType}", path);
}
