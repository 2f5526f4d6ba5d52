using Amazon.S3;
using Amazon.S3.Model;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// One multipart upload of a stream: the next part is read from the client while up to <c>partsInFlight</c> parts
/// are being sent to S3, each from a buffer of <see cref="S3PartBuffers"/>. A part's buffer goes back to the upload
/// when S3 has it, and to the pool when the upload ends. An upload with parts in flight never waits on the pool (it
/// waits for its own parts instead), so uploads cannot block each other for good. Any failure cancels the parts
/// still in flight and aborts the upload, so the previous object (or none) stays.
/// </summary>
internal sealed class S3MultipartUpload(AmazonS3Client client, StorageLocation location, S3PartBuffers pool, int partsInFlight, string endpointName)
{
    /// <summary>S3 allows 10,000 parts: 78 GiB at 8 MiB.</summary>
    public const int MaxParts = 10_000;

    private readonly List<byte[]> _owned = [];
    private readonly Stack<byte[]> _spare = new();
    private readonly List<Task<(PartETag Part, byte[] Buffer)>> _inFlight = [];
    private readonly List<PartETag> _done = [];

    /// <summary>Uploads <paramref name="firstLength"/> bytes already in <paramref name="first"/> (owned from now on)
    /// and the rest of <paramref name="content"/>; the object's length and ETag.</summary>
    public async Task<(long Length, string ETag)> RunAsync(Stream content, byte[] first, int firstLength, CancellationToken cancellationToken)
    {
        _owned.Add(first);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        InitiateMultipartUploadResponse? upload = null;
        try
        {
            upload = await Call(() => client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken));
            long total = 0;
            var buffer = first;
            var length = firstLength;
            var partNumber = 0;
            while (length > 0)
            {
                if (++partNumber > MaxParts)
                {
                    throw new StorageException(StorageFailure.Other, location.Bucket,
                        $"'{location}' is larger than {MaxParts} parts of {S3StorageDriver.PartSize / (1024 * 1024)} MiB, the most one upload of this daemon holds.");
                }
                total += length;
                _inFlight.Add(SendPartAsync(upload.UploadId, partNumber, buffer, length, failed.Token));
                buffer = await NextBufferAsync(cancellationToken);
                length = await S3StorageDriver.FillAsync(content, buffer, cancellationToken);
                if (length == 0)
                {
                    _spare.Push(buffer);
                }
            }
            while (_inFlight.Count > 0)
            {
                await HarvestAsync(await Task.WhenAny(_inFlight));
            }
            var completed = await Call(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = location.Bucket,
                Key = location.Key,
                UploadId = upload.UploadId,
                PartETags = [.. _done.OrderBy(part => part.PartNumber)],
            }, cancellationToken));
            return (total, completed.ETag);
        }
        catch
        {
            await failed.CancelAsync();
            // Wait for the others to end (their failures, mostly cancellations, are observed here and not reported).
            await Task.WhenAll(_inFlight.Select(part => part.ContinueWith(ended => _ = ended.Exception, TaskScheduler.Default)));
            if (upload is not null)
            {
                // Not cancellable: the parts already uploaded are billed until the upload is aborted.
                try
                {
                    await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key, UploadId = upload.UploadId }, CancellationToken.None);
                }
                catch (AmazonS3Exception)
                {
                    // The original failure is the one to report; a bucket lifecycle rule cleans up what is left.
                }
            }
            throw;
        }
        finally
        {
            // Every part has ended here (sent, failed or cancelled): no buffer is still being read by the SDK.
            foreach (var owned in _owned)
            {
                pool.Return(owned);
            }
        }
    }

    /// <summary>A buffer for the next part: a sent part's, a new one from the pool while fewer than partsInFlight are
    /// out, or else the next part to finish's.</summary>
    private async Task<byte[]> NextBufferAsync(CancellationToken cancellationToken)
    {
        foreach (var finished in _inFlight.Where(part => part.IsCompleted).ToList())
        {
            await HarvestAsync(finished);
        }
        if (_spare.TryPop(out var spare))
        {
            return spare;
        }
        if (_inFlight.Count < partsInFlight && pool.TryRent(out var rented))
        {
            _owned.Add(rented);
            return rented;
        }
        await HarvestAsync(await Task.WhenAny(_inFlight));
        return _spare.Pop();
    }

    private async Task HarvestAsync(Task<(PartETag Part, byte[] Buffer)> finished)
    {
        _inFlight.Remove(finished);
        var (part, buffer) = await finished; // throws the part's failure
        _done.Add(part);
        _spare.Push(buffer);
    }

    private async Task<(PartETag, byte[])> SendPartAsync(string uploadId, int partNumber, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var sent = await Call(() => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = length,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            // The part is in memory: sign it whole. Not every S3-compatible server decodes aws-chunked bodies.
            UseChunkEncoding = false,
        }, cancellationToken));
        return (new PartETag(partNumber, sent.ETag), buffer);
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not StorageException)
        {
            throw S3Failures.Translate(exception, location.Bucket, endpointName);
        }
    }
}
