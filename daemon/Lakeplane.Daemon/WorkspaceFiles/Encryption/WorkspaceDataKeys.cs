using System.Collections.Concurrent;
using System.Globalization;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// Each workspace's data key: made on its first file (wrapped by KMS when a KMS key is configured, else by the master
/// key), kept wrapped in the store, unwrapped once per process and cached. A record says what wrapped it, so keys made
/// before a switch to (or from) KMS still unwrap.
/// </summary>
public sealed class WorkspaceDataKeys(IStore store, MasterKeyWrapper master, KmsDataKeyWrapper? kms, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<long, byte[]> _unwrapped = new();

    /// <summary>The workspace's data key, made now if it has none.</summary>
    public async Task<byte[]> GetOrCreateAsync(string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        if (_unwrapped.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }
        var row = await ReadRowAsync(workspaceId, cancellationToken);
        if (row is null)
        {
            IDataKeyWrapper wrapper = kms is null ? master : kms;
            var fresh = await Guard(() => wrapper.NewKeyAsync(accountId, workspaceId, cancellationToken));
            var body = WorkspaceFilesRecords.Serialize(
                new DataKeyRecord(Convert.ToBase64String(fresh.Wrapped), fresh.WrappedBy, fresh.KmsKeyId, time.GetUtcNow().ToUnixTimeMilliseconds()));
            // Two first imports at once: one record wins, and both use the key it holds.
            row = await store.WriteAsync(async transaction =>
                await transaction.GetAsync(ObjectKinds.WorkspaceDataKey, Id(workspaceId), cancellationToken)
                ?? await transaction.InsertAsync(ObjectKinds.WorkspaceDataKey, Id(workspaceId), accountId, ObjectKinds.WorkspaceScope(workspaceId), "", body, cancellationToken),
                cancellationToken);
            if (row.Body == body)
            {
                return _unwrapped.GetOrAdd(workspaceId, fresh.Plaintext);
            }
        }
        return await UnwrapAsync(accountId, workspaceId, row, cancellationToken);
    }

    /// <summary>The data key of a workspace that has files; INTERNAL when it has none (its files could not have been written).</summary>
    public async Task<byte[]> GetAsync(string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        if (_unwrapped.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }
        var row = await ReadRowAsync(workspaceId, cancellationToken)
                  ?? throw new LakeplaneException(ErrorCode.Internal,
                      $"Workspace {Id(workspaceId)} has files but no data key in the store: the store was restored without it. Restore the store's workspace_data_key rows.");
        return await UnwrapAsync(accountId, workspaceId, row, cancellationToken);
    }

    private Task<StoredObject?> ReadRowAsync(long workspaceId, CancellationToken cancellationToken) =>
        store.ReadAsync(reader => reader.GetAsync(ObjectKinds.WorkspaceDataKey, Id(workspaceId), cancellationToken), cancellationToken);

    private async Task<byte[]> UnwrapAsync(string accountId, long workspaceId, StoredObject row, CancellationToken cancellationToken)
    {
        var record = WorkspaceFilesRecords.ReadDataKey(row.Body);
        IDataKeyWrapper wrapper = record.WrappedBy switch
        {
            MasterKeyWrapper.WrapperName => master,
            KmsDataKeyWrapper.WrapperName => kms ?? throw new LakeplaneException(ErrorCode.Internal,
                $"The data key of workspace {Id(workspaceId)} is wrapped by the AWS KMS key '{record.KmsKeyId}', and lakeplaned runs without KMS: set LAKEPLANE_KMS_KEY_ID (and AWS credentials) again."),
            _ => throw new LakeplaneException(ErrorCode.Internal, $"The data key of workspace {Id(workspaceId)} was wrapped by '{record.WrappedBy}', which this lakeplaned does not know."),
        };
        var key = await Guard(() => wrapper.UnwrapAsync(accountId, workspaceId, Convert.FromBase64String(record.WrappedKey), record.KmsKeyId, cancellationToken));
        return _unwrapped.GetOrAdd(workspaceId, key);
    }

    /// <summary>A key that cannot be had is the operator's to fix: its message goes out as it is (it names no secret).</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DataKeyUnavailableException exception)
        {
            throw new LakeplaneException(ErrorCode.TemporarilyUnavailable, exception.Message);
        }
    }

    public void Dispose() => kms?.Dispose();

    private static string Id(long workspaceId) => workspaceId.ToString(CultureInfo.InvariantCulture);
}
