using Grpc.Core;
using Lakeplane.Protos.V1;

namespace Lakeplane.Protos.Client;

/// <summary>
/// The daemon's one error model as seen by a client: the error code, the message and the
/// request field it concerns, decoded from the "lakeplane-error-bin" trailer of a gRPC status.
/// </summary>
public static class LakeplaneError
{
    public const string TrailerKey = "lakeplane-error-bin";

    /// <summary>Reads the structured detail; falls back to the status itself when the daemon sent none.</summary>
    public static ErrorDetail Decode(RpcException exception)
    {
        var entry = exception.Trailers.FirstOrDefault(t => t.Key == TrailerKey);
        if (entry is { IsBinary: true })
        {
            try
            {
                return ErrorDetail.Parser.ParseFrom(entry.ValueBytes);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                // A damaged detail must not hide the status: fall through.
            }
        }
        return new ErrorDetail
        {
            ErrorCode = exception.StatusCode switch
            {
                StatusCode.NotFound => "RESOURCE_DOES_NOT_EXIST",
                StatusCode.AlreadyExists => "RESOURCE_ALREADY_EXISTS",
                StatusCode.PermissionDenied => "PERMISSION_DENIED",
                StatusCode.Unauthenticated => "UNAUTHENTICATED",
                StatusCode.InvalidArgument => "INVALID_PARAMETER_VALUE",
                StatusCode.FailedPrecondition => "RESOURCE_CONFLICT",
                StatusCode.Aborted => "RESOURCE_CONFLICT",
                StatusCode.Unavailable => "TEMPORARILY_UNAVAILABLE",
                _ => "INTERNAL_ERROR",
            },
            Message = exception.Status.Detail,
        };
    }

    public static bool IsNotFound(RpcException exception) => exception.StatusCode == StatusCode.NotFound;
}
