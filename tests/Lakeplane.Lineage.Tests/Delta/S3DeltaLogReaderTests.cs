using Lakeplane.Daemon.Storage;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Lineage.Tests.Delta;

/// <summary>The Delta log reader on the s3 driver against a real S3-compatible server (s3rver) on 127.0.0.1.</summary>
public sealed class S3DeltaLogReaderTests(S3rverFixture s3rver) : DeltaLogReaderContract, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3StorageDriver _driver = new(s3rver.Server.Settings());

    protected override IStorageDriver Driver => _driver;

    /// <summary>Every object of the long log goes over HTTP here: 95 commits keep the test quick and still have nine
    /// checkpoints and commits after the last one.</summary>
    protected override int LongLogCommits => 95;

    protected override async Task<StorageLocation> TableAsync()
    {
        var bucket = "delta-" + Guid.NewGuid().ToString("N")[..12];
        await s3rver.Server.CreateBucketAsync(bucket);
        return new StorageLocation(bucket, "warehouse/sales/orders");
    }

    public void Dispose() => _driver.Dispose();
}
