using System.Text;
using Lakeplane.Daemon.Storage;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.S3;

/// <summary>The s3 driver against a real S3-compatible server (s3rver) on 127.0.0.1: the same contract as the local driver.</summary>
public sealed class S3StorageDriverTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3StorageDriver _driver = new(s3rver.Server.Settings());

    public void Dispose() => _driver.Dispose();

    private async Task<string> BucketAsync()
    {
        var bucket = "bucket-" + Guid.NewGuid().ToString("N")[..12];
        await s3rver.Server.CreateBucketAsync(bucket);
        return bucket;
    }

    private Task<StoredObjectInfo> PutTextAsync(StorageLocation location, string text) =>
        _driver.PutAsync(StorageAccess.Daemon, location, new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private async Task<string?> ReadTextAsync(StorageLocation location)
    {
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, location, CancellationToken.None);
        if (read is null)
        {
            return null;
        }
        using var reader = new StreamReader(read.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task An_object_is_written_read_described_and_deleted()
    {
        var at = new StorageLocation(await BucketAsync(), "dir/sub/object.txt");
        var put = await PutTextAsync(at, "hello");
        Assert.Equal(5, put.Length);
        Assert.Equal("hello", await ReadTextAsync(at));
        var head = await _driver.HeadAsync(StorageAccess.Daemon, at, CancellationToken.None);
        Assert.Equal(5, head!.Length);
        Assert.Equal(put.ETag, head.ETag);
        Assert.True(head.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.True(await _driver.DeleteAsync(StorageAccess.Daemon, at, CancellationToken.None));
        Assert.False(await _driver.DeleteAsync(StorageAccess.Daemon, at, CancellationToken.None));
        Assert.Null(await ReadTextAsync(at));
        Assert.Null(await _driver.HeadAsync(StorageAccess.Daemon, at, CancellationToken.None));
    }

    [Fact]
    public async Task A_large_unseekable_stream_goes_up_in_parts_and_comes_back_whole()
    {
        const long size = 3L * S3StorageDriver.PartSize + 12345;
        var at = new StorageLocation(await BucketAsync(), "big/object.bin");
        var put = await _driver.PutAsync(StorageAccess.Daemon, at, new PatternStream(size), CancellationToken.None);
        Assert.Equal(size, put.Length);
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, at, CancellationToken.None);
        Assert.Equal(size, read!.Info.Length);
        Assert.True(await PatternStream.MatchesAsync(read.Content, size));
    }

    [Fact]
    public async Task A_large_upload_sends_several_parts_at_once_from_the_bounded_pool()
    {
        const long size = 6L * S3StorageDriver.PartSize + 7;
        var at = new StorageLocation(await BucketAsync(), "parallel/object.bin");
        var put = await _driver.PutAsync(StorageAccess.Daemon, at, new PatternStream(size), CancellationToken.None);
        Assert.Equal(size, put.Length);
        // Reading a part from memory takes far less than sending it: more than one buffer was out at once, and never
        // more than the parts in flight plus the one being filled.
        Assert.InRange(_driver.PartBuffers.PeakInUse, 2, S3StorageDriver.PartsInFlight + 1);
        var head = await _driver.HeadAsync(StorageAccess.Daemon, at, CancellationToken.None);
        Assert.Equal(put.ETag, head!.ETag);
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, at, CancellationToken.None);
        Assert.True(await PatternStream.MatchesAsync(read!.Content, size));
    }

    [Fact]
    public async Task Uploads_that_together_want_more_buffers_than_the_pool_holds_share_it_and_all_arrive_whole()
    {
        const long size = 5L * S3StorageDriver.PartSize + 99;
        var bucket = await BucketAsync();
        var uploads = Enumerable.Range(0, 4).Select(i => new StorageLocation(bucket, $"shared/{i}.bin")).ToList();
        var puts = await Task.WhenAll(uploads.Select(at => Task.Run(() => _driver.PutAsync(StorageAccess.Daemon, at, new PatternStream(size), CancellationToken.None))));
        Assert.All(puts, put => Assert.Equal(size, put.Length));
        Assert.InRange(_driver.PartBuffers.PeakInUse, 1, S3StorageDriver.PartBufferCapacity);
        foreach (var at in uploads)
        {
            await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, at, CancellationToken.None);
            Assert.True(await PatternStream.MatchesAsync(read!.Content, size), $"{at} differs");
        }
    }

    [Fact]
    public async Task A_failed_multipart_upload_leaves_the_previous_object()
    {
        var at = new StorageLocation(await BucketAsync(), "kept.bin");
        await PutTextAsync(at, "previous");
        await Assert.ThrowsAsync<IOException>(() =>
            _driver.PutAsync(StorageAccess.Daemon, at, new FailingStream(S3StorageDriver.PartSize + 1000), CancellationToken.None));
        Assert.Equal("previous", await ReadTextAsync(at));
    }

    [Fact]
    public async Task Listing_with_the_delimiter_pages_through_objects_and_prefixes_without_markers()
    {
        var bucket = await BucketAsync();
        foreach (var key in new[] { "root/b.txt", "root/a.txt", "root/sub/x.txt", "root/sub/deeper/y.txt", "root/a-b/z.txt", "rootless.txt" })
        {
            await PutTextAsync(new StorageLocation(bucket, key), key);
        }
        await _driver.PutAsync(StorageAccess.Daemon, new StorageLocation(bucket, "root/empty/"), Stream.Null, CancellationToken.None);
        var listing = await _driver.ListAsync(StorageAccess.Daemon, new StorageLocation(bucket, "root"), recursive: false, null, 100, CancellationToken.None);
        Assert.Equal(["root/a.txt", "root/b.txt"], listing.Objects.Select(o => o.Location.Key));
        Assert.Equal(["root/a-b/", "root/empty/", "root/sub/"], listing.Prefixes.Select(p => p.Key));

        var keys = Enumerable.Range(0, 13).Select(i => $"paged/k{i:D2}").ToList();
        foreach (var key in keys)
        {
            await PutTextAsync(new StorageLocation(bucket, key), "x");
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _driver.ListAsync(StorageAccess.Daemon, new StorageLocation(bucket, "paged/"), recursive: true, token, 5, CancellationToken.None);
            seen.AddRange(page.Objects.Select(o => o.Location.Key));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_as_missing_naming_it()
    {
        var at = new StorageLocation("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "k");
        var put = await Assert.ThrowsAsync<StorageException>(() => PutTextAsync(at, "x"));
        Assert.Equal(StorageFailure.BucketMissing, put.Failure);
        Assert.Equal(at.Bucket, put.Bucket);
        Assert.Contains($"Bucket '{at.Bucket}' does not exist", put.Message, StringComparison.Ordinal);
        var head = await Assert.ThrowsAsync<StorageException>(() => _driver.HeadAsync(StorageAccess.Daemon, at, CancellationToken.None));
        Assert.Equal(StorageFailure.BucketMissing, head.Failure);
        var list = await Assert.ThrowsAsync<StorageException>(() => _driver.ListAsync(StorageAccess.Daemon, at, false, null, 10, CancellationToken.None));
        Assert.Equal(StorageFailure.BucketMissing, list.Failure);
    }

    /// <summary>s3rver checks the access key id but not SigV4 signatures, so a wrong secret is not tried here.</summary>
    [Theory]
    [InlineData("NOT-A-KEY", S3rverProcess.SecretAccessKey, "InvalidAccessKeyId")]
    public async Task Wrong_keys_are_access_denied_naming_the_bucket_and_never_the_secret(string accessKey, string secret, string errorCode)
    {
        var bucket = await BucketAsync();
        using var driver = new S3StorageDriver(s3rver.Server.Settings(accessKey, secret));
        var failure = await Assert.ThrowsAsync<StorageException>(() =>
            driver.PutAsync(StorageAccess.Daemon, new StorageLocation(bucket, "k"), new MemoryStream([1]), CancellationToken.None));
        Assert.Equal(StorageFailure.AccessDenied, failure.Failure);
        Assert.Contains($"bucket '{bucket}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(errorCode, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_is_unreachable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = s3rver.Server.Settings() with { S3Endpoint = new Uri($"http://127.0.0.1:{port}") };
        using var driver = new S3StorageDriver(settings);
        var failure = await Assert.ThrowsAsync<StorageException>(() =>
            driver.PutAsync(StorageAccess.Daemon, new StorageLocation("some-bucket", "k"), new MemoryStream([1]), CancellationToken.None));
        Assert.Equal(StorageFailure.Unreachable, failure.Failure);
        Assert.Contains("cannot be reached", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'some-bucket'", failure.Message, StringComparison.Ordinal);
    }
}
