using System.Text.Json;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Protocol;

/// <summary>A model type as go-cty's type JSON, the form tfplugin6 schemas carry: "string", ["list","string"], ["object",{...}].</summary>
public static class CtyTypeJson
{
    public static byte[] Encode(TypeSpec type)
    {
        using var buffer = new MemoryStream(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, type);
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, TypeSpec type)
    {
        switch (type)
        {
            case PrimitiveType primitive:
                json.WriteStringValue(primitive.Kind switch
                {
                    PrimitiveKind.String => "string",
                    PrimitiveKind.Bool => "bool",
                    _ => "number",
                });
                break;
            case ListType list:
                WriteCollection(json, "list", list.Element);
                break;
            case SetType set:
                WriteCollection(json, "set", set.Element);
                break;
            case MapType map:
                WriteCollection(json, "map", map.Element);
                break;
            case ObjectType obj:
                json.WriteStartArray();
                json.WriteStringValue("object");
                json.WriteStartObject();
                foreach (var (name, attributeType) in obj.Attributes)
                {
                    json.WritePropertyName(name);
                    Write(json, attributeType);
                }
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"type {type} has no cty form");
        }
    }

    private static void WriteCollection(Utf8JsonWriter json, string kind, TypeSpec element)
    {
        json.WriteStartArray();
        json.WriteStringValue(kind);
        Write(json, element);
        json.WriteEndArray();
    }
}
