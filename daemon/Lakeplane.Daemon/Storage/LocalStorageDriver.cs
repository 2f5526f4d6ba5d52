using System.Globalization;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// The <c>local</c> storage driver, the embedded default: bucket <c>b</c> is the directory &lt;root&gt;/b
/// (&lt;data-dir&gt;/storage/b) and key <c>x/y</c> the file &lt;root&gt;/b/x/y.
/// <list type="bullet">
/// <item>Buckets: with <c>createBuckets</c> (the default) a bucket exists as soon as it is named: its directory is
/// made on the first write, and reading or listing a bucket not yet written is an empty bucket. That keeps the
/// embedded daemon working with whatever bucket names storage configurations carry. Without it (strict), a bucket
/// exists only when its directory does, and every call to a missing one fails with <see cref="StorageFailure.BucketMissing"/>
/// as S3's NoSuchBucket does.</item>
/// <item>Writes land in a staging file under &lt;root&gt;/.uploads (a name no bucket can have) and are renamed into
/// place once complete and flushed to disk, so a reader sees the old object or the new one, never part of one.</item>
/// <item>Directories: every directory behaves as if it had a marker object (a key ending in '/'): putting a marker
/// creates the directory, deleting one removes the directory when it is empty; deleting an object leaves its
/// directory. Listings never return marker objects, on either driver. An object and a directory of the same name
/// cannot coexist here (they can on S3): such a write fails naming the key.</item>
/// </list>
/// Every access is the daemon's own: <see cref="StorageAccess"/> is not checked.
/// </summary>
public sealed class LocalStorageDriver(string root, bool createBuckets = true) : IStorageDriver
{
    private const int CopyBufferSize = 81920;

    public string Name => "local";

    /// <summary>The directory that holds the buckets.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    private string StagingDirectory => Path.Combine(Root, ".uploads");

    public async Task<StoredObjectInfo> PutAsync(StorageAccess access, StorageLocation location, Stream content, CancellationToken cancellationToken)
    {
        var path = LocalObjectPaths.ObjectPath(Root, location);
        EnsureBucketForWrite(location.Bucket);
        if (location.Key.Length == 0)
        {
            throw new ArgumentException($"An object needs a key: s3://{location.Bucket} is the bucket itself.", nameof(location));
        }
        if (LocalObjectPaths.IsMarker(location.Key))
        {
            var probe = new byte[1];
            if (await content.ReadAsync(probe, cancellationToken) > 0)
            {
                throw new ArgumentException($"'{location}' ends in '/': it is a directory marker and holds no content.", nameof(content));
            }
            CreateDirectory(location, path);
            return DirectoryInfoOf(location, new DirectoryInfo(path));
        }
        CreateDirectory(location, Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(StagingDirectory);
        var staging = Path.Combine(StagingDirectory, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, CopyBufferSize, cancellationToken);
                // On disk before it becomes visible: a crash after the rename must not leave a hole.
                file.Flush(flushToDisk: true);
            }
            if (Directory.Exists(path))
            {
                throw Conflict(location, "it is a directory");
            }
            File.Move(staging, path, overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
        return InfoOf(location, new FileInfo(path));
    }

    public Task<StorageReadResult?> OpenReadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        var path = LocalObjectPaths.ObjectPath(Root, location);
        EnsureBucketForRead(location.Bucket);
        if (LocalObjectPaths.IsMarker(location.Key))
        {
            var directory = new DirectoryInfo(path);
            return Task.FromResult(directory.Exists ? new StorageReadResult(DirectoryInfoOf(location, directory), Stream.Null) : null);
        }
        if (!File.Exists(path))
        {
            return Task.FromResult<StorageReadResult?>(null);
        }
        FileStream stream;
        try
        {
            // FileShare.Delete: a concurrent replace or delete goes ahead; this reader keeps the content it opened.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StorageReadResult?>(null);
        }
        // Describe the file that is open, not whatever the path names by now.
        var info = File.GetLastWriteTimeUtc(path);
        return Task.FromResult<StorageReadResult?>(new StorageReadResult(
            new StoredObjectInfo(location, stream.Length, new DateTimeOffset(info, TimeSpan.Zero), ETag(stream.Length, info)), stream));
    }

    public async Task<StorageReadResult?> OpenRangeAsync(StorageAccess access, StorageLocation location, long offset, long length, CancellationToken cancellationToken)
    {
        var whole = await OpenReadAsync(access, location, cancellationToken);
        if (whole is null || whole.Content == Stream.Null)
        {
            return whole;
        }
        whole.Content.Seek(offset, SeekOrigin.Begin);
        return new StorageReadResult(whole.Info, new BoundedReadStream(whole.Content, length));
    }

    public Task<StoredObjectInfo?> HeadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        var path = LocalObjectPaths.ObjectPath(Root, location);
        EnsureBucketForRead(location.Bucket);
        if (LocalObjectPaths.IsMarker(location.Key))
        {
            var directory = new DirectoryInfo(path);
            return Task.FromResult(directory.Exists ? DirectoryInfoOf(location, directory) : null);
        }
        var file = new FileInfo(path);
        return Task.FromResult(file.Exists && location.Key.Length > 0 ? InfoOf(location, file) : null);
    }

    public Task<bool> DeleteAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        var path = LocalObjectPaths.ObjectPath(Root, location);
        EnsureBucketForRead(location.Bucket);
        if (location.Key.Length == 0)
        {
            throw new ArgumentException($"An object needs a key: s3://{location.Bucket} is the bucket itself.", nameof(location));
        }
        if (LocalObjectPaths.IsMarker(location.Key))
        {
            if (!Directory.Exists(path))
            {
                return Task.FromResult(false);
            }
            if (!Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
            // A directory with content stays, as a prefix stays on S3 while objects lie under it.
            return Task.FromResult(true);
        }
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<StorageListing> ListAsync(
        StorageAccess access, StorageLocation prefix, bool recursive, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var (directory, keyPrefix) = LocalObjectPaths.ListingDirectory(Root, prefix);
        EnsureBucketForRead(prefix.Bucket);
        var objects = new List<StoredObjectInfo>();
        var prefixes = new List<StorageLocation>();
        string? last = null;
        var more = false;
        foreach (var entry in LocalListing.Walk(directory, keyPrefix, recursive, LocalListing.ResumeAfter(continuationToken)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (objects.Count + prefixes.Count == maxKeys)
            {
                more = true;
                break;
            }
            var location = prefix with { Key = entry.Key };
            if (entry.IsPrefix)
            {
                prefixes.Add(location);
            }
            else
            {
                objects.Add(InfoOf(location, entry.File!));
            }
            last = entry.Key;
        }
        return Task.FromResult(new StorageListing(objects, prefixes, more ? LocalListing.Token(last!) : null));
    }

    private void EnsureBucketForWrite(string bucket)
    {
        var directory = LocalObjectPaths.BucketDirectory(Root, bucket);
        if (!createBuckets && !Directory.Exists(directory))
        {
            throw BucketMissing(bucket);
        }
        Directory.CreateDirectory(directory);
    }

    private void EnsureBucketForRead(string bucket)
    {
        if (!createBuckets && !Directory.Exists(LocalObjectPaths.BucketDirectory(Root, bucket)))
        {
            throw BucketMissing(bucket);
        }
    }

    private StorageException BucketMissing(string bucket) =>
        new(StorageFailure.BucketMissing, bucket,
            $"Bucket '{bucket}' does not exist in the local storage of this daemon ({Root}): create the directory {Path.Combine(Root, bucket)}, or name an existing bucket.");

    /// <summary>Creates the directories down to <paramref name="directory"/>; an object in the way is a conflict naming the key.</summary>
    private static void CreateDirectory(StorageLocation location, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException exception)
        {
            throw Conflict(location, "an object lies where one of its directories must be", exception);
        }
    }

    private static StorageException Conflict(StorageLocation location, string why, Exception? inner = null) =>
        new(StorageFailure.Other, location.Bucket,
            $"'{location}' cannot be written in bucket '{location.Bucket}': {why} (local storage cannot hold an object and a directory of the same name). Choose another key.", inner);

    private static StoredObjectInfo InfoOf(StorageLocation location, FileInfo file) =>
        new(location, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), ETag(file.Length, file.LastWriteTimeUtc));

    private static StoredObjectInfo DirectoryInfoOf(StorageLocation location, DirectoryInfo directory) =>
        new(location, 0, new DateTimeOffset(directory.LastWriteTimeUtc, TimeSpan.Zero), ETag(0, directory.CreationTimeUtc));

    /// <summary>From size and modification time: every write renames a new file into place, so both change with the content,
    /// and no read of the content is needed to answer a HEAD.</summary>
    private static string ETag(long length, DateTime lastWriteUtc) =>
        "\"" + length.ToString("x", CultureInfo.InvariantCulture) + "-" + lastWriteUtc.Ticks.ToString("x", CultureInfo.InvariantCulture) + "\"";
}
