using System.Text.Json;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Decodes JSON — a resource's raw state as terraform stored it (UpgradeResourceState) or a
/// DynamicValue's json form — into a model value. JSON has no unknowns: state is always known.
/// </summary>
public static class JsonValueDecoder
{
    /// <summary>Decodes and shapes to <paramref name="type"/>: attributes the type lacks are dropped, missing ones are null.</summary>
    public static Value Decode(ReadOnlyMemory<byte> json, TypeSpec type) =>
        ValueConformer.Conform(DecodeUntyped(json), type, AttributePath.Root);

    /// <summary>
    /// Decodes without a schema: objects become <see cref="ObjectValue"/>, arrays
    /// <see cref="CollectionValue"/>. State written by an older schema version is read this way,
    /// so that the resource's upgrade sees every attribute that was stored.
    /// </summary>
    public static Value DecodeUntyped(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Read(document.RootElement, AttributePath.Root);
        }
        catch (JsonException e)
        {
            throw new ValueCodecException("malformed JSON: " + e.Message, AttributePath.Root, e);
        }
    }

    private static Value Read(JsonElement element, AttributePath path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return Value.Null;
            case JsonValueKind.String:
                return new StringValue(element.GetString()!);
            case JsonValueKind.True:
                return new BoolValue(true);
            case JsonValueKind.False:
                return new BoolValue(false);
            case JsonValueKind.Number:
                // The raw text, not a double: ids and big numbers stay exact.
                return NumberText.Parse(element.GetRawText(), path);
            case JsonValueKind.Array:
                var elements = new List<Value>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    elements.Add(Read(item, path.Index(elements.Count)));
                }
                return new CollectionValue(elements);
            case JsonValueKind.Object:
                var attributes = new Dictionary<string, Value>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    attributes[property.Name] = Read(property.Value, path.Attribute(property.Name));
                }
                return new ObjectValue(attributes);
            default:
                throw new ValueCodecException($"unexpected JSON {element.ValueKind}", path);
        }
    }
}
