namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Where data-plane bytes live: the customer's buckets. The control plane addresses every object by an
/// <c>s3://bucket/key</c> location whatever the driver (<c>local</c> maps a bucket to a directory under the data
/// dir, <c>s3</c> talks to AWS or any S3-compatible endpoint), so catalog locations, workspace roots, job logs
/// and workspace files mean the same thing on both. Content is streamed both ways: a driver never buffers a
/// whole object in memory.
/// </summary>
public interface IStorageDriver
{
    /// <summary>The name operators configure (LAKEPLANE_STORAGE_DRIVER): <c>local</c>, <c>s3</c>.</summary>
    string Name { get; }

    /// <summary>Writes (or replaces) one object from <paramref name="content"/>, read to its end. The object is
    /// visible only once complete: a failed upload leaves the previous object (or none), never a partial one.</summary>
    Task<StoredObjectInfo> PutAsync(StorageAccess access, StorageLocation location, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens one object for streaming; null when it does not exist. The caller disposes the result.</summary>
    Task<StorageReadResult?> OpenReadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="length"/> bytes of one object from <paramref name="offset"/> (both within the object: the
    /// caller checked them against its length); null when it does not exist. The content is exactly that range; the
    /// info describes the whole object.
    /// </summary>
    Task<StorageReadResult?> OpenRangeAsync(StorageAccess access, StorageLocation location, long offset, long length, CancellationToken cancellationToken);

    /// <summary>An object's size and times without its content; null when it does not exist.</summary>
    Task<StoredObjectInfo?> HeadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken);

    /// <summary>Deletes one object; false when there was none (not an error).</summary>
    Task<bool> DeleteAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// One page of what lies under <paramref name="prefix"/> (a "directory": its key is treated as ending in '/'),
    /// ordered by key. Not <paramref name="recursive"/>: the objects directly under it plus its immediate
    /// sub-prefixes (S3's delimiter '/'); recursive: every object below it. Pass the previous page's
    /// <see cref="StorageListing.ContinuationToken"/> for the next; null there means the last page.
    /// </summary>
    Task<StorageListing> ListAsync(
        StorageAccess access, StorageLocation prefix, bool recursive, string? continuationToken, int maxKeys, CancellationToken cancellationToken);
}
