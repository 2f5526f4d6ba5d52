using System.Text.Json;

namespace Lakeplane.Daemon.Errors;

/// <summary>
/// Maps the one error model onto REST as Databricks does: an HTTP status and
/// {"error_code": "...", "message": "..."}.
/// </summary>
public sealed class RestErrorMiddleware(RequestDelegate next, ILogger<RestErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // gRPC calls carry their own error mapping (GrpcErrorInterceptor).
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var error = ErrorTranslation.Translate(exception, logger, context.Request.Path);
            await WriteAsync(context, error);
        }
    }

    public static async Task WriteAsync(HttpContext context, LakeplaneException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = ToHttpStatus(error.Code);
        context.Response.ContentType = "application/json";
        if (error.Code == ErrorCode.TemporarilyUnavailable)
        {
            // RFC 9110: when to try again; a database restart or failover takes seconds.
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        if (error.Code == ErrorCode.Unauthenticated)
        {
            // RFC 6750: say which scheme would have worked.
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"lakeplane\"";
        }
        await using var writer = new Utf8JsonWriter(context.Response.Body, Lakeplane.Daemon.Rest.RestJsonWriting.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("error_code", error.Code.ToWireName());
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    /// <summary>What 503 answers carry in Retry-After.</summary>
    public const string RetryAfterSeconds = "1";

    public static int ToHttpStatus(ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => StatusCodes.Status400BadRequest,
        ErrorCode.DirectoryNotEmpty => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCode.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCode.ResourceDoesNotExist => StatusCodes.Status404NotFound,
        ErrorCode.ResourceAlreadyExists => StatusCodes.Status409Conflict,
        ErrorCode.ResourceConflict => StatusCodes.Status409Conflict,
        ErrorCode.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
