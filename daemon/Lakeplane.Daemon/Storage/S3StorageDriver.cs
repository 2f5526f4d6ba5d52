using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Lakeplane.Daemon.Aws;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// The <c>s3</c> storage driver: AWS S3, or any S3-compatible server at a configured endpoint (path-style addressing).
/// Uploads stream: content that fits in one part goes up as one PutObject, anything larger as a multipart upload
/// (<see cref="S3MultipartUpload"/>) with up to <see cref="PartsInFlight"/> parts uploading at once while the next is
/// read, its buffers from one bounded pool for the whole daemon (<see cref="S3PartBuffers"/>), so memory stays flat
/// whatever the object's size and whether or not the stream knows its length. Downloads hand out the response stream itself. A failed upload aborts its multipart
/// upload, so the previous object (or none) stays. Keys ending in '/' are directory markers (zero-byte objects, the
/// S3 console's folders); listings leave them out.
/// </summary>
public sealed class S3StorageDriver : IStorageDriver, IDisposable
{
    /// <summary>Memory one upload holds; S3 wants parts of 5 MiB at least, and allows 10,000 of them (78 GiB here).</summary>
    public const int PartSize = 8 * 1024 * 1024;

    /// <summary>Parts of one upload sent at once: enough to keep a connection busy while the next part is read from
    /// the client, few enough that a few uploads side by side share <see cref="PartBufferCapacity"/> buffers.</summary>
    public const int PartsInFlight = 4;

    /// <summary>Part buffers the daemon holds at most for all uploads together: 8 × 8 MiB = 64 MiB.</summary>
    public const int PartBufferCapacity = 8;

    private readonly S3ClientPool _clients;
    private readonly S3PartBuffers _buffers = new(PartBufferCapacity);

    /// <param name="roleSessions">Where workspace and storage credential roles are assumed; AWS's own STS when not given.</param>
    public S3StorageDriver(StorageSettings settings, RoleSessions? roleSessions = null)
    {
        _clients = new S3ClientPool(settings, roleSessions ?? RoleSessions.OnAws());
    }

    public string Name => "s3";

    /// <summary>The part buffers of all uploads (bounded; see <see cref="PartBufferCapacity"/>).</summary>
    public S3PartBuffers PartBuffers => _buffers;

    public async Task<StoredObjectInfo> PutAsync(StorageAccess access, StorageLocation location, Stream content, CancellationToken cancellationToken)
    {
        RequireKey(location);
        var client = _clients.For(access);
        var buffer = await _buffers.RentAsync(cancellationToken);
        try
        {
            var first = await FillAsync(content, buffer, cancellationToken);
            if (first < PartSize)
            {
                var put = await Call(location, () => client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = location.Bucket,
                    Key = location.Key,
                    InputStream = new MemoryStream(buffer, 0, first, writable: false),
                    AutoCloseStream = false,
                    // The part is in memory: sign it whole. Not every S3-compatible server decodes aws-chunked bodies.
                    UseChunkEncoding = false,
                }, cancellationToken));
                return Written(location, first, put.ETag);
            }
            var firstPart = buffer;
            buffer = []; // the upload owns it now and returns it to the pool
            var upload = new S3MultipartUpload(client, location, _buffers, PartsInFlight, _clients.EndpointName);
            var (length, etag) = await upload.RunAsync(content, firstPart, first, cancellationToken);
            return Written(location, length, etag);
        }
        finally
        {
            if (buffer.Length > 0)
            {
                _buffers.Return(buffer);
            }
        }
    }

    /// <summary>What was written, from the upload's own answer: asking S3 again (a HEAD per upload) cost a round trip
    /// per file. The time is the daemon's clock when S3 confirmed the write, within a clock skew of S3's own.</summary>
    private static StoredObjectInfo Written(StorageLocation location, long length, string etag) =>
        new(location, length, DateTimeOffset.UtcNow, etag);

    public async Task<StorageReadResult?> OpenReadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        RequireKey(location);
        var client = _clients.For(access);
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(new GetObjectRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (S3Failures.IsNotFound(exception))
        {
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not StorageException)
        {
            throw S3Failures.Translate(exception, location.Bucket, _clients.EndpointName);
        }
        var info = new StoredObjectInfo(location, response.ContentLength, LastModified(response.LastModified), response.ETag);
        return new StorageReadResult(info, response.ResponseStream, response);
    }

    public async Task<StorageReadResult?> OpenRangeAsync(StorageAccess access, StorageLocation location, long offset, long length, CancellationToken cancellationToken)
    {
        RequireKey(location);
        var client = _clients.For(access);
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = location.Bucket, Key = location.Key, ByteRange = new ByteRange(offset, offset + length - 1),
            }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (S3Failures.IsNotFound(exception))
        {
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not StorageException)
        {
            throw S3Failures.Translate(exception, location.Bucket, _clients.EndpointName);
        }
        // "bytes 2-5/10": the whole object's length is after the slash.
        var total = response.ContentRange is { } range && long.TryParse(range[(range.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var size)
            ? size
            : response.ContentLength;
        var info = new StoredObjectInfo(location, total, LastModified(response.LastModified), response.ETag);
        return new StorageReadResult(info, response.ResponseStream, response);
    }

    public async Task<StoredObjectInfo?> HeadAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        RequireKey(location);
        var client = _clients.For(access);
        try
        {
            var metadata = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken);
            return new StoredObjectInfo(location, metadata.ContentLength, LastModified(metadata.LastModified), metadata.ETag);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD's 404 has no body to tell a missing key from a missing bucket: ask about the bucket.
            await RequireBucketAsync(client, location.Bucket, cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not StorageException)
        {
            throw S3Failures.Translate(exception, location.Bucket, _clients.EndpointName);
        }
    }

    public async Task<bool> DeleteAsync(StorageAccess access, StorageLocation location, CancellationToken cancellationToken)
    {
        // S3 answers 204 whether or not the object was there; the contract tells them apart.
        if (await HeadAsync(access, location, cancellationToken) is null)
        {
            return false;
        }
        var client = _clients.For(access);
        await Call(location, () => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken));
        return true;
    }

    public async Task<StorageListing> ListAsync(
        StorageAccess access, StorageLocation prefix, bool recursive, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var client = _clients.For(access);
        var keyPrefix = prefix.Key.Length == 0 ? "" : prefix.Key.TrimEnd('/') + "/";
        var response = await Call(prefix, () => client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = prefix.Bucket,
            Prefix = keyPrefix,
            Delimiter = recursive ? null : "/",
            ContinuationToken = string.IsNullOrEmpty(continuationToken) ? null : continuationToken,
            MaxKeys = Math.Min(maxKeys, 1000),
        }, cancellationToken));
        var objects = (response.S3Objects ?? [])
            .Where(entry => !entry.Key.EndsWith('/'))
            .Select(entry => new StoredObjectInfo(prefix with { Key = entry.Key }, entry.Size ?? 0, LastModified(entry.LastModified), entry.ETag))
            .ToList();
        var prefixes = (response.CommonPrefixes ?? []).Select(common => prefix with { Key = common }).ToList();
        return new StorageListing(objects, prefixes, response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    public void Dispose()
    {
        _clients.Dispose();
        _buffers.Dispose();
    }

    private async Task RequireBucketAsync(AmazonS3Client client, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw S3Failures.Translate(exception, bucket, _clients.EndpointName);
        }
    }

    /// <summary>One S3 call, its failures translated to what the user must fix.</summary>
    private async Task<T> Call<T>(StorageLocation location, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not StorageException)
        {
            throw S3Failures.Translate(exception, location.Bucket, _clients.EndpointName);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; the count read.</summary>
    internal static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < PartSize && (read = await content.ReadAsync(buffer.AsMemory(filled, PartSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    private static void RequireKey(StorageLocation location)
    {
        if (location.Key.Length == 0)
        {
            throw new ArgumentException($"An object needs a key: s3://{location.Bucket} is the bucket itself.", nameof(location));
        }
    }

    private static DateTimeOffset LastModified(DateTime? value) =>
        value switch
        {
            null => DateTimeOffset.UnixEpoch,
            { Kind: DateTimeKind.Unspecified } unspecified => new DateTimeOffset(unspecified, TimeSpan.Zero),
            { } known => new DateTimeOffset(known.ToUniversalTime(), TimeSpan.Zero),
        };
}
