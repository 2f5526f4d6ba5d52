using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Every failure as a gRPC status the engine prints as the resource's error: the daemon's error
/// code and message, a resource's diagnostic, a value that does not fit the schema. Messages say
/// what went wrong, never attribute values: those may be secret.
/// </summary>
public static class RpcFailures
{
    public static RpcException From(Exception exception, bool cancelRequested) => exception switch
    {
        RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException when cancelRequested =>
            new RpcException(new Status(StatusCode.Cancelled, "The engine cancelled the operation before it finished.")),
        ResourceException resource => new RpcException(new Status(StatusCode.Unknown, Describe(resource.Diagnostic))),
        PropertyCodecException codec => new RpcException(new Status(StatusCode.InvalidArgument, $"{codec.Property}: {codec.Message}")),
        RpcException rpc => FromDaemon(rpc),
        OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "The request was cancelled before it finished.")),
        HttpRequestException http => new RpcException(new Status(StatusCode.Unavailable,
            $"Cannot reach lakeplaned: {http.Message}. Check the provider's host (LAKEPLANE_HOST) and that the daemon is running.")),
        _ => new RpcException(new Status(StatusCode.Internal,
            $"Unexpected error in pulumi-resource-lakeplane: {exception.GetType().Name}: {exception.Message}. This is a bug; please report it.")),
    };

    public static string Describe(Diagnostic diagnostic)
    {
        var property = PropertyPaths.ToPulumi(diagnostic.Path);
        var text = $"{diagnostic.Summary}: {PulumiNextSteps.Detail(diagnostic)}";
        return PropertyPaths.ToPulumiText(property.Length > 0 ? $"{property}: {text}" : text);
    }

    /// <summary>A daemon error the resource did not handle: its code and message, with the field it names.</summary>
    private static RpcException FromDaemon(RpcException rpc)
    {
        var detail = LakeplaneError.Decode(rpc);
        var message = string.IsNullOrEmpty(detail.Message) ? rpc.Status.Detail : detail.Message;
        var field = string.IsNullOrEmpty(detail.Field) ? "" : PropertyPaths.ToPulumiText(detail.Field) + ": ";
        return new RpcException(new Status(rpc.StatusCode, $"lakeplaned: {field}{message} ({detail.ErrorCode})"));
    }
}
