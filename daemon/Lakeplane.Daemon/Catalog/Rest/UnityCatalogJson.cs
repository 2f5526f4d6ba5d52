using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog.Rest;

/// <summary>
/// The Unity Catalog 2.1 JSON of the catalog messages. The proto field names are UC's, so requests parse straight into
/// the gRPC request messages; answers are written from the messages with the two differences UC clients rely on that
/// the proto JSON mapping does not give: 64-bit integers as JSON numbers (created_at: 1732550400000, not "1732550400000")
/// and default values left out.
/// </summary>
public static class UnityCatalogJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The request body as <typeparamref name="T"/> (an empty body is an empty request), and the names of the
    /// top-level keys it had (to tell "properties": {} from no properties at all).</summary>
    public static async Task<(T Message, IReadOnlySet<string> Keys)> ReadAsync<T>(HttpContext http) where T : IMessage<T>, new()
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new T(), new HashSet<string>());
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw LakeplaneException.Invalid("body", "The request body must be a JSON object.");
            }
            var keys = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            return (Parser.Parse<T>(text), keys);
        }
        catch (Exception exception) when (exception is JsonException or InvalidJsonException or InvalidProtocolBufferException or FormatException)
        {
            throw LakeplaneException.Invalid("body", $"The request body is not the expected JSON: {exception.Message}");
        }
    }

    public static IResult Write(HttpContext http, IMessage message, int status = StatusCodes.Status200OK)
    {
        if (message.Descriptor.FindFieldByName("version")?.Accessor.GetValue(message) is long version and > 0)
        {
            http.Response.Headers.ETag = $"\"{version}\"";
        }
        return Results.Text(Serialize(message), "application/json", Encoding.UTF8, status);
    }

    public static string Serialize(IMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Lakeplane.Daemon.Rest.RestJsonWriting.WriterOptions))
        {
            WriteMessage(writer, message);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMessage(Utf8JsonWriter writer, IMessage message)
    {
        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (System.Collections.IDictionary)value;
                if (map.Count == 0)
                {
                    continue;
                }
                writer.WriteStartObject(field.Name);
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(entry.Key.ToString()!);
                    WriteValue(writer, field.MessageType.FindFieldByNumber(2), entry.Value);
                }
                writer.WriteEndObject();
            }
            else if (field.IsRepeated)
            {
                var list = (System.Collections.IList)value;
                if (list.Count == 0)
                {
                    continue;
                }
                writer.WriteStartArray(field.Name);
                foreach (var item in list)
                {
                    WriteValue(writer, field, item);
                }
                writer.WriteEndArray();
            }
            else if (field.HasPresence ? field.Accessor.HasValue(message) : !IsDefault(value))
            {
                writer.WritePropertyName(field.Name);
                WriteValue(writer, field, value);
            }
        }
        writer.WriteEndObject();
    }

    private static bool IsDefault(object? value) => value switch
        {
            null => true,
            string text => text.Length == 0,
            bool flag => !flag,
            int number => number == 0,
            long number => number == 0,
            double number => number == 0,
            _ => false,
        };

    private static void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case IMessage nested:
                WriteMessage(writer, nested);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case Enum named:
                writer.WriteStringValue(field.EnumType.FindValueByNumber(Convert.ToInt32(named, System.Globalization.CultureInfo.InvariantCulture))?.Name ?? named.ToString());
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
