using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Rest;

/// <summary>
/// Proto messages as the Databricks REST API writes them: snake_case field names (the proto's own), 64-bit
/// integers as JSON numbers (proto JSON would quote them, which Databricks clients do not accept), unset fields
/// left out. Requests are read with the proto JSON parser, which accepts numbers and strings alike and ignores
/// fields Lakeplane does not serve (aws_attributes, data_security_mode, ...).
/// </summary>
public static class DatabricksJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static async Task<T> ReadAsync<T>(HttpContext http) where T : IMessage<T>, new()
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new T();
        }
        try
        {
            return Parser.Parse<T>(text);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw LakeplaneException.Invalid("body", $"The request body is not the expected JSON: {exception.Message}");
        }
    }

    public static IResult Write(HttpContext http, IMessage message, long version = 0)
    {
        if (version > 0)
        {
            http.Response.Headers.ETag = $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
        }
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RestJsonWriting.WriterOptions))
        {
            WriteMessage(writer, message);
        }
        return Results.Bytes(buffer.ToArray(), "application/json");
    }

    private static void WriteMessage(Utf8JsonWriter writer, IMessage message)
    {
        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (!IsSet(field, message, value))
            {
                continue;
            }
            writer.WritePropertyName(field.Name);
            if (field.IsMap)
            {
                writer.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value)
                {
                    writer.WritePropertyName(entry.Key.ToString()!);
                    WriteValue(writer, field.MessageType.FindFieldByNumber(2), entry.Value!);
                }
                writer.WriteEndObject();
            }
            else if (field.IsRepeated)
            {
                writer.WriteStartArray();
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    WriteValue(writer, field, item);
                }
                writer.WriteEndArray();
            }
            else
            {
                WriteValue(writer, field, value);
            }
        }
        writer.WriteEndObject();
    }

    private static bool IsSet(FieldDescriptor field, IMessage message, object? value)
    {
        if (field.IsMap || field.IsRepeated)
        {
            return value is System.Collections.ICollection { Count: > 0 };
        }
        if (field.HasPresence)
        {
            return field.Accessor.HasValue(message);
        }
        return value switch
        {
            null => false,
            string text => text.Length > 0,
            bool flag => flag,
            int number => number != 0,
            long number => number != 0,
            uint number => number != 0,
            ulong number => number != 0,
            double number => number != 0,
            float number => number != 0,
            ByteString bytes => bytes.Length > 0,
            _ => true,
        };
    }

    private static void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object value)
    {
        switch (value)
        {
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
            case uint number:
                writer.WriteNumberValue(number);
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(number);
                break;
            case ByteString bytes:
                writer.WriteBase64StringValue(bytes.Span);
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
