using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Rest;

/// <summary>The HTTP details every REST endpoint shares: caller, body, idempotency key, If-Match and ETag.</summary>
public static class RestCall
{
    /// <summary>The header that carries a request id (the gRPC API's request_id) over REST.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    public static Task<AuthenticatedPrincipal> CallerAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<Authenticator>().AuthenticateAsync(http, http.RequestAborted);

    public static async Task<T> ReadBodyAsync<T>(HttpContext http, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted)
                   ?? throw LakeplaneException.Invalid("body", "The request body is empty: send a JSON object.");
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            throw LakeplaneException.Invalid(field, $"The request body is not the expected JSON (at {exception.Path ?? "$"}): {FirstSentence(exception.Message)}");
        }
    }

    public static string RequestId(HttpContext http) => http.Request.Headers[IdempotencyHeader].ToString();

    /// <summary>If-Match: "7" (an ETag this API gave out) becomes expected version 7; absent means no check.</summary>
    public static long ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return 0;
        }
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }
        throw LakeplaneException.Invalid("If-Match", $"If-Match '{header}' is not an ETag of this API: send the ETag header of the object's last read, e.g. \"3\".");
    }

    public static IResult Json<T>(HttpContext http, T value, JsonTypeInfo<T> type, long version = 0, int status = StatusCodes.Status200OK)
    {
        if (version > 0)
        {
            http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
        }
        return RestJsonWriting.Result(value, type, status);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
