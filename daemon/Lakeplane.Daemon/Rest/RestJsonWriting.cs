using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lakeplane.Daemon.Rest;

/// <summary>
/// How every REST answer is written. System.Text.Json's default encoder escapes ', &lt;, &gt; and &amp; as \u0027 and so on,
/// a defence for JSON pasted into HTML; our answers are application/json only, and Databricks' APIs (and the people
/// reading "Schema 'main.sales' is not empty" in a terminal) expect the characters as they are. Quotes, backslashes and
/// control characters are still escaped, so the JSON stays valid.
/// </summary>
public static class RestJsonWriting
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="value"/> as UTF-8 JSON, through the source-generated <paramref name="type"/>.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, type);
        }
        return buffer.ToArray();
    }

    public static IResult Result<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Text(Serialize(value, type), "application/json", status);
}
