namespace Lakeplane.Daemon.Storage;

/// <summary>What a driver knows of one stored object without reading it.</summary>
/// <param name="ETag">Changes whenever the content does; quoted as HTTP writes it.</param>
public sealed record StoredObjectInfo(StorageLocation Location, long Length, DateTimeOffset LastModified, string ETag);

/// <summary>An open object: dispose it to release the stream (and the HTTP response behind it on S3).</summary>
public sealed class StorageReadResult(StoredObjectInfo info, Stream content, IDisposable? owner = null) : IAsyncDisposable
{
    public StoredObjectInfo Info { get; } = info;

    public Stream Content { get; } = content;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }
}

/// <summary>One page of a listing: objects, plus the immediate sub-prefixes when the listing was not recursive.</summary>
public sealed record StorageListing(
    IReadOnlyList<StoredObjectInfo> Objects,
    IReadOnlyList<StorageLocation> Prefixes,
    string? ContinuationToken);
