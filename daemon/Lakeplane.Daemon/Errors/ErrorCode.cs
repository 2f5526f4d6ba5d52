namespace Lakeplane.Daemon.Errors;

/// <summary>
/// The error codes of the one error model, spelled as Databricks spells them so that REST
/// clients written for Databricks recognise them.
/// </summary>
public enum ErrorCode
{
    InvalidParameterValue,
    ResourceDoesNotExist,
    ResourceAlreadyExists,
    ResourceConflict,
    /// <summary>Databricks' answer to deleting a non-empty directory without recursive.</summary>
    DirectoryNotEmpty,
    PermissionDenied,
    Unauthenticated,
    TemporarilyUnavailable,
    Internal,
}

public static class ErrorCodeNames
{
    public static string ToWireName(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => "INVALID_PARAMETER_VALUE",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.ResourceConflict => "RESOURCE_CONFLICT",
        ErrorCode.DirectoryNotEmpty => "DIRECTORY_NOT_EMPTY",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        ErrorCode.TemporarilyUnavailable => "TEMPORARILY_UNAVAILABLE",
        _ => "INTERNAL_ERROR",
    };
}
