namespace Lakeplane.Daemon.Storage;

/// <summary>Why a storage call failed, in the terms a user can act on.</summary>
public enum StorageFailure
{
    BucketMissing,
    AccessDenied,
    Unreachable,
    Other,
}

/// <summary>
/// A storage call failed for a reason the user must fix. The message names the bucket (never a key or secret
/// of the daemon's configuration) and says what to do; services turn it into a LakeplaneException naming the field.
/// </summary>
public sealed class StorageException(StorageFailure failure, string bucket, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public StorageFailure Failure { get; } = failure;

    public string Bucket { get; } = bucket;
}
