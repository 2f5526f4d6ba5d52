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
}

/// <summary>A lakeplaned on the embedded local driver (buckets are directories, made on first use).</summary>
public sealed class LocalDaemonFixture : DaemonFixture, IStorageDaemon
{
    public DaemonFixture Fixture => this;

    public string DriverName => "local";

    public Task CreateBucketAsync(string bucket) => Task.CompletedTask;
}

/// <summary>What the storage API tests need of a daemon, whichever driver it runs.</summary>
public interface IStorageDaemon
{
    DaemonFixture Fixture { get; }

    string DriverName { get; }

    Task CreateBucketAsync(string bucket);
}
