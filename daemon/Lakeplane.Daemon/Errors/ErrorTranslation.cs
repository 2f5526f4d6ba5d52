using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Errors;

/// <summary>
/// Turns any exception that escaped a service into the one error model, so both transports
/// answer the same thing for the same failure.
/// </summary>
public static class ErrorTranslation
{
    public static LakeplaneException Translate(Exception exception, ILogger logger, string operation)
    {
        switch (exception)
        {
            case LakeplaneException known:
                return known;
            case StoreVersionConflictException conflict:
                return LakeplaneException.Conflict(conflict.Message, "expected_version");
            case StoreDuplicateNameException duplicate:
                return LakeplaneException.AlreadyExists("name", duplicate.Message);
            case StoreDuplicateIdException duplicateId:
                return LakeplaneException.AlreadyExists("", duplicateId.Message + " Retry the request.");
            case StoreDuplicateRequestException duplicateRequest:
                return LakeplaneException.Conflict(
                    $"request_id '{duplicateRequest.RequestId}' is being answered by a concurrent call: retry with the same request_id to get its answer.", "request_id");
            case StoreUnavailableException:
                // Answered 503 with Retry-After (REST) / Unavailable (gRPC): the client's retry reaches a database that is back.
                return new LakeplaneException(ErrorCode.TemporarilyUnavailable, "The database is unreachable for the moment (restarting or failing over): retry the request (with the same request_id).");
            case StoreBusyException:
                return new LakeplaneException(ErrorCode.TemporarilyUnavailable, "The store is busy with concurrent changes: retry the request (with the same request_id).");
            case StoreNotFoundException missing:
                return LakeplaneException.NotFound("", missing.Message);
            case OperationCanceledException:
                return new LakeplaneException(ErrorCode.Internal, "The request was cancelled before it completed; retry it with the same request_id.");
            default:
                // Log the type and stack, answer without the message: it may quote a connection string or a token.
                logger.LogError(exception, "Unexpected failure in {Operation}", operation);
                return new LakeplaneException(ErrorCode.Internal, "Internal error in the daemon; see its log for details.");
        }
    }
}
