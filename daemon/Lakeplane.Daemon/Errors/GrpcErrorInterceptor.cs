using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Errors;

/// <summary>
/// Maps the one error model onto gRPC: a status code the client can branch on, plus the full
/// ErrorDetail in the "lakeplane-error-bin" trailer that LakeplaneError.Decode reads.
/// Unexpected exceptions become INTERNAL without their message (it might carry a secret).
/// </summary>
public sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(ErrorTranslation.Translate(exception, logger, context.Method));
        }
    }

    private static RpcException ToRpcException(LakeplaneException error)
    {
        var detail = new ErrorDetail { ErrorCode = error.Code.ToWireName(), Message = error.Message, Field = error.Field };
        var trailers = new Metadata { { LakeplaneError.TrailerKey, detail.ToByteArray() } };
        return new RpcException(new Status(ToStatusCode(error.Code), error.Message), trailers);
    }

    private static StatusCode ToStatusCode(ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => StatusCode.InvalidArgument,
        ErrorCode.ResourceDoesNotExist => StatusCode.NotFound,
        ErrorCode.ResourceAlreadyExists => StatusCode.AlreadyExists,
        // FailedPrecondition: the caller must change something (re-read, detach) before retrying.
        ErrorCode.ResourceConflict => StatusCode.FailedPrecondition,
        ErrorCode.DirectoryNotEmpty => StatusCode.FailedPrecondition,
        ErrorCode.PermissionDenied => StatusCode.PermissionDenied,
        ErrorCode.Unauthenticated => StatusCode.Unauthenticated,
        ErrorCode.TemporarilyUnavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };
}
