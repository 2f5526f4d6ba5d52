using System.Text;
using Lakeplane.Daemon.Storage;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.Local;

/// <summary>The local driver on a real directory: objects, atomic replacement, listings, and keys that try to escape.</summary>
public sealed class LocalStorageDriverTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lakeplane-local-storage-" + Guid.NewGuid().ToString("N"));
    private readonly LocalStorageDriver _driver;

    public LocalStorageDriverTests()
    {
        _driver = new LocalStorageDriver(_root);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static StorageLocation At(string key) => new("bucket-one", key);

    private Task<StoredObjectInfo> PutTextAsync(string key, string text) =>
        _driver.PutAsync(StorageAccess.Daemon, At(key), new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private async Task<string?> ReadTextAsync(string key)
    {
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, At(key), CancellationToken.None);
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
        var put = await PutTextAsync("dir/sub/object.txt", "hello");
        Assert.Equal(5, put.Length);
        Assert.True(File.Exists(Path.Combine(_root, "bucket-one", "dir", "sub", "object.txt")));
        Assert.Equal("hello", await ReadTextAsync("dir/sub/object.txt"));

        var head = await _driver.HeadAsync(StorageAccess.Daemon, At("dir/sub/object.txt"), CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal(5, head.Length);
        Assert.Equal(put.ETag, head.ETag);
        Assert.Equal("s3://bucket-one/dir/sub/object.txt", head.Location.ToString());

        Assert.True(await _driver.DeleteAsync(StorageAccess.Daemon, At("dir/sub/object.txt"), CancellationToken.None));
        Assert.False(await _driver.DeleteAsync(StorageAccess.Daemon, At("dir/sub/object.txt"), CancellationToken.None));
        Assert.Null(await ReadTextAsync("dir/sub/object.txt"));
        Assert.Null(await _driver.HeadAsync(StorageAccess.Daemon, At("dir/sub/object.txt"), CancellationToken.None));
    }

    [Fact]
    public async Task Replacing_an_object_changes_its_etag_and_content()
    {
        var first = await PutTextAsync("a.txt", "one");
        var second = await PutTextAsync("a.txt", "second");
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("second", await ReadTextAsync("a.txt"));
    }

    [Fact]
    public async Task A_failed_upload_leaves_the_previous_object_and_no_partial_file()
    {
        await PutTextAsync("kept.bin", "previous");
        var failing = new FailingStream(bytesBeforeFailure: 200_000);
        await Assert.ThrowsAsync<IOException>(() => _driver.PutAsync(StorageAccess.Daemon, At("kept.bin"), failing, CancellationToken.None));
        Assert.Equal("previous", await ReadTextAsync("kept.bin"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".uploads")));
    }

    [Fact]
    public async Task A_reader_keeps_the_content_it_opened_while_the_object_is_replaced()
    {
        await PutTextAsync("moving.txt", "old content");
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, At("moving.txt"), CancellationToken.None);
        await PutTextAsync("moving.txt", "new");
        using var reader = new StreamReader(read!.Content);
        Assert.Equal("old content", await reader.ReadToEndAsync());
        Assert.Equal("new", await ReadTextAsync("moving.txt"));
    }

    [Fact]
    public async Task A_large_unseekable_stream_is_written_whole()
    {
        const long size = 48L * 1024 * 1024;
        var put = await _driver.PutAsync(StorageAccess.Daemon, At("big/object.bin"), new PatternStream(size), CancellationToken.None);
        Assert.Equal(size, put.Length);
        await using var read = await _driver.OpenReadAsync(StorageAccess.Daemon, At("big/object.bin"), CancellationToken.None);
        Assert.Equal(size, read!.Info.Length);
        Assert.True(await PatternStream.MatchesAsync(read.Content, size));
    }

    [Fact]
    public async Task Listing_with_the_delimiter_gives_objects_and_immediate_prefixes_in_key_order()
    {
        foreach (var key in new[] { "root/b.txt", "root/a.txt", "root/sub/x.txt", "root/sub/deeper/y.txt", "root/a-b/z.txt", "rootless.txt" })
        {
            await PutTextAsync(key, key);
        }
        var listing = await _driver.ListAsync(StorageAccess.Daemon, At("root"), recursive: false, null, 100, CancellationToken.None);
        Assert.Equal(["root/a.txt", "root/b.txt"], listing.Objects.Select(o => o.Location.Key));
        Assert.Equal(["root/a-b/", "root/sub/"], listing.Prefixes.Select(p => p.Key));
        Assert.Null(listing.ContinuationToken);

        var recursive = await _driver.ListAsync(StorageAccess.Daemon, At("root/"), recursive: true, null, 100, CancellationToken.None);
        // Ordinal key order across directories: '-' (0x2D) < '.' (0x2E) < '/' (0x2F).
        Assert.Equal(["root/a-b/z.txt", "root/a.txt", "root/b.txt", "root/sub/deeper/y.txt", "root/sub/x.txt"], recursive.Objects.Select(o => o.Location.Key));
        Assert.Empty(recursive.Prefixes);
    }

    [Fact]
    public async Task Pages_resume_after_the_previous_page_without_gaps_or_repeats()
    {
        var keys = Enumerable.Range(0, 23).Select(i => $"paged/{(i % 3 == 0 ? "d" + i + "/" : "")}k{i:D2}").ToList();
        foreach (var key in keys)
        {
            await PutTextAsync(key, "x");
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _driver.ListAsync(StorageAccess.Daemon, At("paged"), recursive: true, token, 5, CancellationToken.None);
            Assert.True(page.Objects.Count <= 5);
            seen.AddRange(page.Objects.Select(o => o.Location.Key));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys.Order(StringComparer.Ordinal), seen);
        Assert.Equal(5, pages);

        var flat = new List<string>();
        token = null;
        do
        {
            var page = await _driver.ListAsync(StorageAccess.Daemon, At("paged"), recursive: false, token, 4, CancellationToken.None);
            flat.AddRange(page.Objects.Select(o => o.Location.Key).Concat(page.Prefixes.Select(p => p.Key)));
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(23, flat.Count);
        Assert.Equal(flat.Distinct().Count(), flat.Count);
    }

    [Fact]
    public async Task A_token_the_driver_did_not_issue_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _driver.ListAsync(StorageAccess.Daemon, At("x"), recursive: false, "not*base64", 10, CancellationToken.None));
    }

    [Fact]
    public async Task Directory_markers_create_and_remove_directories_and_never_appear_as_objects()
    {
        await _driver.PutAsync(StorageAccess.Daemon, At("tree/empty/"), Stream.Null, CancellationToken.None);
        Assert.True(Directory.Exists(Path.Combine(_root, "bucket-one", "tree", "empty")));
        Assert.NotNull(await _driver.HeadAsync(StorageAccess.Daemon, At("tree/empty/"), CancellationToken.None));

        var listing = await _driver.ListAsync(StorageAccess.Daemon, At("tree"), recursive: false, null, 10, CancellationToken.None);
        Assert.Equal(["tree/empty/"], listing.Prefixes.Select(p => p.Key));
        Assert.Empty((await _driver.ListAsync(StorageAccess.Daemon, At("tree"), recursive: true, null, 10, CancellationToken.None)).Objects);

        Assert.True(await _driver.DeleteAsync(StorageAccess.Daemon, At("tree/empty/"), CancellationToken.None));
        Assert.Null(await _driver.HeadAsync(StorageAccess.Daemon, At("tree/empty/"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _driver.PutAsync(StorageAccess.Daemon, At("tree/full/"), new MemoryStream([1]), CancellationToken.None));
    }

    [Fact]
    public async Task An_object_in_the_way_of_a_directory_is_a_conflict_naming_the_key()
    {
        await PutTextAsync("clash", "file");
        var failure = await Assert.ThrowsAsync<StorageException>(() => PutTextAsync("clash/child", "x"));
        Assert.Contains("s3://bucket-one/clash/child", failure.Message, StringComparison.Ordinal);
        Assert.Equal("bucket-one", failure.Bucket);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("a/..")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("nul\0byte")]
    public async Task Keys_that_could_leave_the_bucket_are_refused(string key)
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => PutTextAsync(key, "x"));
        Assert.Contains("bucket-one", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => _driver.OpenReadAsync(StorageAccess.Daemon, At(key), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_root, "escape")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escape")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../other")]
    [InlineData("Upper")]
    [InlineData(".uploads")]
    public async Task Bucket_names_that_are_not_one_plain_segment_are_refused(string bucket)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _driver.PutAsync(StorageAccess.Daemon, new StorageLocation(bucket, "k"), Stream.Null, CancellationToken.None));
    }

    [Fact]
    public async Task By_default_a_bucket_exists_once_named_and_reads_of_an_unwritten_one_are_empty()
    {
        Assert.Null(await _driver.HeadAsync(StorageAccess.Daemon, new StorageLocation("never-written", "k"), CancellationToken.None));
        Assert.Empty((await _driver.ListAsync(StorageAccess.Daemon, new StorageLocation("never-written", ""), true, null, 10, CancellationToken.None)).Objects);
        await _driver.PutAsync(StorageAccess.Daemon, new StorageLocation("fresh-bucket", "k"), new MemoryStream([1, 2]), CancellationToken.None);
        Assert.True(Directory.Exists(Path.Combine(_root, "fresh-bucket")));
    }

    [Fact]
    public async Task Strict_buckets_must_exist_and_the_failure_names_the_bucket()
    {
        var strict = new LocalStorageDriver(_root, createBuckets: false);
        var failure = await Assert.ThrowsAsync<StorageException>(() =>
            strict.PutAsync(StorageAccess.Daemon, new StorageLocation("missing-bucket", "k"), new MemoryStream([1]), CancellationToken.None));
        Assert.Equal(StorageFailure.BucketMissing, failure.Failure);
        Assert.Equal("missing-bucket", failure.Bucket);
        Assert.Contains("'missing-bucket' does not exist", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StorageException>(() => strict.HeadAsync(StorageAccess.Daemon, new StorageLocation("missing-bucket", "k"), CancellationToken.None));

        Directory.CreateDirectory(Path.Combine(_root, "made-bucket"));
        await strict.PutAsync(StorageAccess.Daemon, new StorageLocation("made-bucket", "k"), new MemoryStream([1]), CancellationToken.None);
        Assert.NotNull(await strict.HeadAsync(StorageAccess.Daemon, new StorageLocation("made-bucket", "k"), CancellationToken.None));
    }
}
