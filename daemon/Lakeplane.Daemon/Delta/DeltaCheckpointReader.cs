using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// Reads a classic checkpoint (Parquet, one action per row in columns txn, add, remove, metaData, protocol, ...) with
/// Parquet.Net. Each row is turned into the JSON object a commit line would be, guided by the file's own Parquet
/// schema (structs as objects, lists as arrays, maps as objects), and given to the same action parser as commits.
/// </summary>
public static class DeltaCheckpointReader
{
    /// <param name="content">The whole file, seekable (Parquet's footer is at its end).</param>
    public static async Task ApplyAsync(DeltaActionBatch batch, Stream content, string file, CancellationToken cancellationToken)
    {
        IReadOnlyList<Field> fields;
        IList<IDictionary<string, object?>> rows;
        try
        {
            var result = await ParquetSerializer.DeserializeUntypedAsync(content, cancellationToken: cancellationToken);
            fields = result.Schema.Fields;
            rows = [.. result.Data.Select(row => (IDictionary<string, object?>)row)];
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or NotSupportedException or InvalidOperationException
                                              or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            throw new DeltaLogException(file, $"is not a readable Parquet checkpoint ({exception.Message}).", exception);
        }
        for (var row = 0; row < rows.Count; row++)
        {
            var action = (JsonObject)JsonNode.Parse(ToJson(fields, rows[row]))!;
            DeltaActionParser.Apply(batch, action, file, $"row {row + 1}");
        }
    }

    private static string ToJson(IReadOnlyList<Field> fields, IDictionary<string, object?> row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStruct(writer, fields, row);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStruct(Utf8JsonWriter writer, IEnumerable<Field> fields, IDictionary<string, object?> values)
    {
        writer.WriteStartObject();
        foreach (var field in fields)
        {
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field, values.TryGetValue(field.Name, out var value) ? value : null);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, Field field, object? value)
    {
        switch (field)
        {
            case var _ when value is null:
                writer.WriteNullValue();
                break;
            case StructField structField when value is IDictionary<string, object?> nested:
                WriteStruct(writer, structField.Fields, nested);
                break;
            case MapField mapField:
                WriteMap(writer, mapField, value);
                break;
            case ListField listField when value is not string && value is IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, listField.Item, item);
                }
                writer.WriteEndArray();
                break;
            default:
                WritePrimitive(writer, value);
                break;
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, MapField field, object value)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    WriteValue(writer, field.Value, entry.Value);
                }
                break;
            case IEnumerable entries:
                // Key/value structs, as the map's repeated group is laid out.
                foreach (var entry in entries)
                {
                    if (entry is IDictionary<string, object?> pair)
                    {
                        writer.WritePropertyName(Convert.ToString(pair.TryGetValue(field.Key.Name, out var key) ? key : null, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                        WriteValue(writer, field.Value, pair.TryGetValue(field.Value.Name, out var item) ? item : null);
                    }
                }
                break;
        }
        writer.WriteEndObject();
    }

    private static void WritePrimitive(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case ReadOnlyMemory<char> text:
                writer.WriteStringValue(text.Span);
                break;
            case ReadOnlyMemory<byte> bytes:
                writer.WriteBase64StringValue(bytes.Span);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case short number:
                writer.WriteNumberValue(number);
                break;
            case byte number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case DateTime time:
                writer.WriteNumberValue(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
                break;
            case DateTimeOffset time:
                writer.WriteNumberValue(time.ToUnixTimeMilliseconds());
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
