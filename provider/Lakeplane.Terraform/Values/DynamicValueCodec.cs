using Google.Protobuf;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using AttributePath = Lakeplane.Resources.Model.AttributePath;

namespace Lakeplane.Terraform.Values;

/// <summary>tfplugin6 DynamicValue ↔ model value for one schema: msgpack both ways, JSON accepted on the way in.</summary>
public static class DynamicValueCodec
{
    /// <summary>Null when terraform sent no value, an empty one or msgpack nil (no object: create, destroy, gone).</summary>
    public static ObjectValue? DecodeObject(DynamicValue? dynamicValue, ObjectType type)
    {
        var value = Decode(dynamicValue, type);
        return value switch
        {
            ObjectValue obj => obj,
            NullValue => null,
            _ => throw new ValueCodecException("an object or null is required, found an unknown value", AttributePath.Root),
        };
    }

    public static Value Decode(DynamicValue? dynamicValue, TypeSpec type)
    {
        if (dynamicValue is null)
        {
            return Value.Null;
        }
        if (!dynamicValue.Msgpack.IsEmpty)
        {
            return MsgPackValueDecoder.Decode(dynamicValue.Msgpack.Memory, type);
        }
        if (!dynamicValue.Json.IsEmpty)
        {
            return JsonValueDecoder.Decode(dynamicValue.Json.Memory, type);
        }
        return Value.Null;
    }

    public static DynamicValue Encode(Value? value, TypeSpec type) =>
        new() { Msgpack = UnsafeByteOperations.UnsafeWrap(MsgPackValueEncoder.Encode(value ?? Value.Null, type)) };
}
