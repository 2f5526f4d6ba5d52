namespace Lakeplane.Daemon.Errors;

/// <summary>
/// The daemon's one error: a code, a message that names the field and the fix, and the
/// request field (snake_case path) it concerns. Services throw it; each transport maps it
/// (gRPC status + ErrorDetail trailer, REST status + {error_code, message}).
/// Messages must never contain a secret.
/// </summary>
public sealed class LakeplaneException(ErrorCode code, string message, string field = "") : Exception(message)
{
    public ErrorCode Code { get; } = code;

    public string Field { get; } = field;

    public static LakeplaneException Invalid(string field, string message) => new(ErrorCode.InvalidParameterValue, message, field);

    public static LakeplaneException NotFound(string field, string message) => new(ErrorCode.ResourceDoesNotExist, message, field);

    public static LakeplaneException AlreadyExists(string field, string message) => new(ErrorCode.ResourceAlreadyExists, message, field);

    public static LakeplaneException Conflict(string message, string field = "") => new(ErrorCode.ResourceConflict, message, field);

    public static LakeplaneException Denied(string message) => new(ErrorCode.PermissionDenied, message);

    public static LakeplaneException Unauthenticated(string message) => new(ErrorCode.Unauthenticated, message);
}
