using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// Turns a daemon error on a create or update into a diagnostic on the attribute it concerns:
/// the daemon names the request field, which is the attribute of the same name. Errors about
/// no attribute of ours keep their message and get no path, rather than a wrong one.
/// </summary>
public static class DaemonErrors
{
    public static async Task<T> RethrowAsDiagnosticAsync<T>(ObjectSchema schema, string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            throw ToException(schema, action, e);
        }
    }

    public static ResourceException ToException(ObjectSchema schema, string action, RpcException exception)
    {
        if (IsTransportFailure(exception))
        {
            return new ResourceException(Diagnostic.Error(
                $"Cannot {action}: lakeplaned did not answer",
                $"{exception.Status.Detail} ({exception.StatusCode}). Check the provider's host (LAKEPLANE_HOST) and that lakeplaned is running there."));
        }
        var detail = LakeplaneError.Decode(exception);
        var message = string.IsNullOrEmpty(detail.Message) ? exception.Status.Detail : detail.Message;
        var path = PathOf(schema, detail.Field);
        var summary = detail.ErrorCode switch
        {
            "INVALID_PARAMETER_VALUE" => path is null ? $"Cannot {action}: invalid value" : $"Invalid {detail.Field}",
            "RESOURCE_ALREADY_EXISTS" => $"Cannot {action}: it already exists",
            "RESOURCE_DOES_NOT_EXIST" => $"Cannot {action}: a referenced object does not exist",
            "PERMISSION_DENIED" => $"Cannot {action}: permission denied",
            "UNAUTHENTICATED" => $"Cannot {action}: not authenticated",
            "RESOURCE_CONFLICT" => $"Cannot {action}: conflicting change",
            "TEMPORARILY_UNAVAILABLE" => $"Cannot {action}: lakeplaned is unavailable",
            _ => $"Cannot {action}",
        };
        return new ResourceException(Diagnostic.Error(summary, $"lakeplaned: {message} ({detail.ErrorCode})", path));
    }

    /// <summary>The call never got a daemon's answer (no error detail): connection refused, reset, or not speaking gRPC.</summary>
    private static bool IsTransportFailure(RpcException exception) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
        && exception.Trailers.All(t => t.Key != LakeplaneError.TrailerKey);

    private static AttributePath? PathOf(ObjectSchema schema, string field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return null;
        }
        var parts = field.Split('.', 2);
        // A field under a map attribute names its key (custom_tags.env), under a block its attribute (autoscale.max_workers).
        if (parts.Length == 2 && schema.FindAttribute(parts[0]) is { Type: MapType })
        {
            return AttributePath.Of(parts[0]).Key(parts[1]);
        }
        if (parts.Length == 2 && schema.FindBlock(parts[0]) is { Nesting: BlockNesting.Single } block && block.Object.FindAttribute(parts[1]) is not null)
        {
            return AttributePath.Of(parts[0]).Attribute(parts[1]);
        }
        // Otherwise request fields are flat and named as our attributes; a dotted field names its last part.
        var name = field.Split('.')[^1];
        return schema.FindAttribute(name) is null ? null : AttributePath.Of(name);
    }
}
