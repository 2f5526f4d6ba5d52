namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>A fresh data key, in the clear (for use now) and wrapped (for the store).</summary>
public sealed record NewDataKey(byte[] Plaintext, byte[] Wrapped, string WrappedBy, string KmsKeyId);

/// <summary>
/// Makes and unwraps per-workspace data keys: the master key from the key file, or an AWS KMS key. The wrapping is
/// bound to the workspace (associated data, KMS encryption context), so a wrapped key copied to another workspace's
/// record does not unwrap there.
/// </summary>
public interface IDataKeyWrapper
{
    /// <summary>What stored records say wrapped them: "master" or "kms".</summary>
    string Name { get; }

    Task<NewDataKey> NewKeyAsync(string accountId, long workspaceId, CancellationToken cancellationToken);

    /// <summary>The data key; throws <see cref="DataKeyUnavailableException"/> with what the operator must fix when it cannot.</summary>
    Task<byte[]> UnwrapAsync(string accountId, long workspaceId, byte[] wrapped, string kmsKeyId, CancellationToken cancellationToken);
}

/// <summary>A workspace's data key cannot be unwrapped: the wrong master key, KMS unreachable or refusing. The message
/// says which and what to do; it never contains key material.</summary>
public sealed class DataKeyUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
