using Lakeplane.Daemon.Storage;

namespace Lakeplane.Lineage.Tests.Delta;

/// <summary>The Delta log reader on the local driver (a real directory).</summary>
public sealed class LocalDeltaLogReaderTests : DeltaLogReaderContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lakeplane-delta-").FullName;
    private readonly LocalStorageDriver _driver;

    public LocalDeltaLogReaderTests() => _driver = new LocalStorageDriver(_root);

    protected override IStorageDriver Driver => _driver;

    protected override int LongLogCommits => 10_000;

    /// <summary>Files written straight into the bucket's directory: the driver's fsync per object would make 11,000 files slow to write.</summary>
    protected override Func<StorageLocation, byte[], Task> BulkPut => async (location, bytes) =>
    {
        var path = Path.Combine(_root, location.Bucket, location.Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
    };

    protected override Task<StorageLocation> TableAsync() =>
        Task.FromResult(new StorageLocation("lake", "tables/" + Guid.NewGuid().ToString("N")));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
