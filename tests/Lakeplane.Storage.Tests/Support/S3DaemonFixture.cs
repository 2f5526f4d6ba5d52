using Amazon.S3;
using Amazon.S3.Model;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>A lakeplaned on the s3 driver against its own s3rver, both started for the test class.</summary>
public sealed class S3DaemonFixture : DaemonFixture, IStorageDaemon
{
    public S3rverProcess S3 { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Environment => S3.DaemonEnvironment();

    public override async Task InitializeAsync()
    {
        S3 = await S3rverProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }

    public DaemonFixture Fixture => this;

    public string DriverName => "s3";

    public Task CreateBucketAsync(string bucket) => S3.CreateBucketAsync(bucket);

    public async Task<IReadOnlyList<string>> ListBucketAsync(string bucket, string prefix)
    {
        using var s3 = S3.Client();
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return keys;
    }

    public async Task<byte[]?> ReadObjectAsync(string bucket, string key)
    {
        using var s3 = S3.Client();
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content);
            return content.ToArray();
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

/// <summary>A lakeplaned on the embedded local driver (buckets are directories, made on first use).</summary>
public sealed class LocalDaemonFixture : DaemonFixture, IStorageDaemon
{
    public DaemonFixture Fixture => this;

    public string DriverName => "local";

    public Task CreateBucketAsync(string bucket) => Task.CompletedTask;

    /// <summary>The local driver keeps s3://bucket/key at &lt;data dir&gt;/storage/bucket/key.</summary>
    private string BucketDirectory(string bucket) => Path.Combine(DataDirectory, "storage", bucket);

    public Task<IReadOnlyList<string>> ListBucketAsync(string bucket, string prefix)
    {
        var directory = BucketDirectory(bucket);
        IReadOnlyList<string> keys = !Directory.Exists(directory) ? [] : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(keys);
    }

    public async Task<byte[]?> ReadObjectAsync(string bucket, string key)
    {
        var file = Path.Combine(BucketDirectory(bucket), key);
        return File.Exists(file) ? await File.ReadAllBytesAsync(file) : null;
    }
}

/// <summary>What the storage API tests need of a daemon, whichever driver it runs.</summary>
public interface IStorageDaemon
{
    DaemonFixture Fixture { get; }

    string DriverName { get; }

    Task CreateBucketAsync(string bucket);

    /// <summary>The keys of the objects under <paramref name="prefix"/>, read from the storage itself, not through lakeplaned.</summary>
    Task<IReadOnlyList<string>> ListBucketAsync(string bucket, string prefix);

    /// <summary>One object's bytes, read from the storage itself; null when there is none.</summary>
    Task<byte[]?> ReadObjectAsync(string bucket, string key);
}
