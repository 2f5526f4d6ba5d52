using System.Collections.Concurrent;
using Lakeplane.Daemon.Storage;

namespace Lakeplane.Lineage.Tests.Support;

/// <summary>
/// A real driver (local or s3) with every object read recorded, so tests can count which log files a read cost.
/// Not a mock: each call goes to the driver underneath.
/// </summary>
public sealed class CountingStorageDriver(IStorageDriver inner) : IStorageDriver
{
    private readonly ConcurrentQueue<string> _reads = new();
    private readonly ConcurrentQueue<string> _misses = new();
    private int _listings;

    public string Name => inner.Name;

    /// <summary>The objects opened (that existed), by file name.</summary>
    public IReadOnlyList<string> Reads => [.. _reads];

    /// <summary>The objects asked for that did not exist, by file name.</summary>
    public IReadOnlyList<string> Misses => [.. _misses];

    public int Listings => _listings;

    public void Reset()
    {
        _reads.Clear();
        _misses.Clear();
        _listings = 0;
    }

    public Task<StoredObjectInfo> PutAsync(StorageAccess access, StorageLocation location, Stream content, CancellationToken cancellationToken) =>
        inner.PutAsync(access, location, content, cancellationToken);

    public async Task<StorageReadResult?> OpenReadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        var result = await inner.OpenReadAsync(access, location, cancellationToken);
        (result is null ? _misses : _reads).Enqueue(FileName(location));
        return result;
    }

    public Task<StorageReadResult?> OpenRangeAsync(StorageAccess access, StorageLocation location, long offset, long length, CancellationToken cancellationToken) =>
        inner.OpenRangeAsync(access, location, offset, length, cancellationToken);

    public Task<StoredObjectInfo?> HeadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken) =>
        inner.HeadAsync(access, location, cancellationToken);

    public Task<bool> DeleteAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken) =>
        inner.DeleteAsync(access, location, cancellationToken);

    public Task<StorageListing> ListAsync(StorageAccess access, StorageLocation prefix, bool recursive, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listings);
        return inner.ListAsync(access, prefix, recursive, continuationToken, maxKeys, cancellationToken);
    }

    private static string FileName(StorageLocation location) => location.Key[(location.Key.LastIndexOf('/') + 1)..];
}
