using System.Text;
using Lakeplane.Daemon.Delta;
using Lakeplane.Daemon.Storage;
using Lakeplane.Lineage.Tests.Support;

namespace Lakeplane.Lineage.Tests.Delta;

/// <summary>
/// The Delta log reader over one storage driver, on logs these tests write per the Delta protocol specification:
/// JSON commits, Parquet checkpoints (whole and in parts), _last_checkpoint, a schema change, removes, protocol 1/2
/// and 3/7 with table features, and logs that are missing, corrupt or have a gap. Run on both drivers by the
/// subclasses.
/// </summary>
public abstract class DeltaLogReaderContract
{
    protected abstract IStorageDriver Driver { get; }

    /// <summary>A fresh table location (its bucket made when the driver needs it).</summary>
    protected abstract Task<StorageLocation> TableAsync();

    /// <summary>How many commits the long-log test writes (10,000 where writing them is cheap).</summary>
    protected abstract int LongLogCommits { get; }

    /// <summary>How the long-log test writes a file: straight to the medium where that is much faster than the driver.</summary>
    protected virtual Func<StorageLocation, byte[], Task> BulkPut =>
        (location, bytes) => Driver.PutAsync(StorageAccess.Daemon, location, new MemoryStream(bytes), CancellationToken.None);

    private static readonly string TwoColumns = DeltaTableWriter.Schema(("id", "long", false), ("amount", "decimal(10,2)", true));

    private async Task<(DeltaTableWriter Writer, CountingStorageDriver Counting, DeltaLogReader Reader)> NewTableAsync()
    {
        var table = await TableAsync();
        var counting = new CountingStorageDriver(Driver);
        return (new DeltaTableWriter(Driver, table), counting, new DeltaLogReader(counting));
    }

    [Fact]
    public async Task A_log_of_json_commits_gives_the_version_protocol_schema_and_live_files()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns, partitionColumns: ["id"]);
        await writer.AppendAsync("part-0.parquet", "part-1.parquet");
        await writer.DeleteFileAsync("part-0.parquet");

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal(2, snapshot.Version);
        Assert.Equal((1, 2), (snapshot.Protocol.MinReaderVersion, snapshot.Protocol.MinWriterVersion));
        Assert.Empty(snapshot.Protocol.ReaderFeatures);
        Assert.Equal(["part-1.parquet"], snapshot.Files.Keys);
        // Without in-commit timestamps a commit's time is its file's modification time, per the protocol.
        Assert.InRange(snapshot.LastCommitTimestamp, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        var columns = DeltaSchema.Columns(snapshot.Metadata, "log");
        Assert.Equal(["id", "amount"], columns.Select(c => c.Name));
        Assert.Equal(("LONG", "bigint", false, 0), (columns[0].TypeName, columns[0].TypeText, columns[0].Nullable, columns[0].PartitionIndex));
        Assert.Equal(("DECIMAL", "decimal(10,2)", 10, 2), (columns[1].TypeName, columns[1].TypeText, columns[1].TypePrecision, columns[1].TypeScale));
        Assert.False(columns[1].HasPartitionIndex);
    }

    [Fact]
    public async Task Protocol_3_7_lists_its_reader_and_writer_features_and_commits_take_their_in_commit_timestamps()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns, readerFeatures: ["deletionVectors", "timestampNtz"],
            writerFeatures: ["deletionVectors", "timestampNtz", "inCommitTimestamp", "appendOnly"],
            configuration: new() { ["delta.enableInCommitTimestamps"] = "true", ["delta.enableDeletionVectors"] = "true" });
        await writer.AppendAsync("a.parquet");
        var second = writer.Clock - 60_000;

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal((3, 7), (snapshot.Protocol.MinReaderVersion, snapshot.Protocol.MinWriterVersion));
        Assert.Equal(["deletionVectors", "timestampNtz"], snapshot.Protocol.ReaderFeatures);
        Assert.Equal(["deletionVectors", "timestampNtz", "inCommitTimestamp", "appendOnly"], snapshot.Protocol.WriterFeatures);
        Assert.Equal("true", snapshot.Metadata.Configuration["delta.enableDeletionVectors"]);
        Assert.Equal(second, snapshot.LastCommitTimestamp);
        var first = await reader.ReadCommitAsync(StorageAccess.Daemon, writer.Table, 0, CancellationToken.None);
        Assert.Equal(second - 60_000, first!.Timestamp);
        Assert.Equal("CREATE TABLE", first.CommitInfo!["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_schema_change_is_the_schema_of_later_versions()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.AppendAsync("a.parquet");
        await writer.ChangeSchemaAsync(DeltaTableWriter.Schema(("id", "long", false), ("amount", "decimal(10,2)", true), ("tags", "string", true)));

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal(["id", "amount", "tags"], DeltaSchema.Columns(snapshot.Metadata, "log").Select(c => c.Name));
        Assert.Equal(["a.parquet"], snapshot.Files.Keys);
    }

    [Fact]
    public async Task A_checkpoint_holds_the_state_so_only_later_commits_are_read()
    {
        var (writer, counting, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns, readerFeatures: ["columnMapping"], writerFeatures: ["columnMapping"]);
        await writer.AppendAsync("a.parquet", "b.parquet");
        await writer.DeleteFileAsync("a.parquet");
        await writer.ChangeSchemaAsync(DeltaTableWriter.Schema(("id", "long", false), ("note", "string", true)));
        await writer.CheckpointAsync();
        await writer.AppendAsync("c.parquet");

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal(4, snapshot.Version);
        Assert.Equal(["b.parquet", "c.parquet"], snapshot.Files.Keys.Order());
        Assert.Equal(["id", "note"], DeltaSchema.Columns(snapshot.Metadata, "log").Select(c => c.Name));
        Assert.Equal(["columnMapping"], snapshot.Protocol.ReaderFeatures);
        Assert.Equal(["_last_checkpoint", "00000000000000000003.checkpoint.parquet", "00000000000000000004.json"], counting.Reads);
        Assert.Equal(0, counting.Listings);
    }

    [Fact]
    public async Task A_checkpoint_in_parts_is_read_whole()
    {
        var (writer, counting, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.AppendAsync("a.parquet", "b.parquet", "c.parquet", "d.parquet");
        await writer.CheckpointAsync(parts: 3);

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(4, snapshot.Files.Count);
        Assert.Equal(3, counting.Reads.Count(name => name.Contains(".checkpoint.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_last_checkpoint_the_log_is_listed_and_its_latest_checkpoint_used()
    {
        var (writer, counting, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.AppendAsync("a.parquet");
        await writer.CheckpointAsync(writeLastCheckpoint: false);
        await writer.AppendAsync("b.parquet");

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None);

        Assert.Equal(2, snapshot.Version);
        Assert.Equal(["a.parquet", "b.parquet"], snapshot.Files.Keys.Order());
        Assert.Equal(1, counting.Listings);
        Assert.Equal(["00000000000000000001.checkpoint.parquet", "00000000000000000002.json"], counting.Reads);
    }

    [Fact]
    public async Task A_long_log_costs_one_checkpoint_and_at_most_ten_commits_then_only_what_is_new()
    {
        var table = await TableAsync();
        var writer = new DeltaTableWriter(BulkPut, table);
        await writer.CreateAsync(TwoColumns);
        while (writer.NextVersion < LongLogCommits)
        {
            await writer.OverwriteAsync($"part-{writer.NextVersion:D5}.parquet");
            if (writer.NextVersion % 10 == 0)
            {
                await writer.CheckpointAsync();
            }
        }
        // The last checkpoint is at a multiple of 10; the commits after it are at most 9, plus one more to make it 10.
        await writer.OverwriteAsync("last.parquet");
        var counting = new CountingStorageDriver(Driver);
        var reader = new DeltaLogReader(counting);

        var snapshot = await reader.ReadAsync(StorageAccess.Daemon, table, CancellationToken.None);

        Assert.Equal(writer.NextVersion - 1, snapshot.Version);
        Assert.Equal(["last.parquet"], snapshot.Files.Keys);
        Assert.Single(counting.Reads, name => name.EndsWith(".checkpoint.parquet", StringComparison.Ordinal));
        var commits = counting.Reads.Count(name => name.EndsWith(".json", StringComparison.Ordinal));
        Assert.InRange(commits, 1, 10);
        Assert.Equal(0, counting.Listings);

        // Incremental: two new commits cost exactly those two (and one probe past them), no checkpoint.
        await writer.AppendAsync("more-1.parquet");
        await writer.AppendAsync("more-2.parquet");
        counting.Reset();
        var next = await reader.ReadAsync(StorageAccess.Daemon, table, CancellationToken.None);
        Assert.Equal(snapshot.Version + 2, next.Version);
        Assert.Equal(["last.parquet", "more-1.parquet", "more-2.parquet"], next.Files.Keys.Order());
        Assert.Equal(["_last_checkpoint", $"{snapshot.Version + 1:D20}.json", $"{snapshot.Version + 2:D20}.json"], counting.Reads);
        Assert.Equal([$"{snapshot.Version + 3:D20}.json"], counting.Misses);

        // Nothing new: no commit read at all.
        counting.Reset();
        Assert.Equal(next.Version, (await reader.ReadAsync(StorageAccess.Daemon, table, CancellationToken.None)).Version);
        Assert.Equal(["_last_checkpoint"], counting.Reads);
    }

    [Fact]
    public async Task A_missing_log_is_an_error_naming_the_first_commit()
    {
        var (writer, _, reader) = await NewTableAsync();
        var error = await Assert.ThrowsAsync<DeltaLogException>(() => reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None));
        Assert.Equal(DeltaLogPaths.Commit(writer.Table, 0).ToString(), error.File);
        Assert.Contains("there is no Delta log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_that_is_not_json_is_an_error_naming_the_file_and_line()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.RawCommitAsync("{\"commitInfo\":{\"operation\":\"WRITE\"}}\n{\"add\": {\"path\": \"x.parquet\", \n");
        var error = await Assert.ThrowsAsync<DeltaLogException>(() => reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None));
        Assert.Equal(DeltaLogPaths.Commit(writer.Table, 1).ToString(), error.File);
        Assert.Contains("line 2 is not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_of_the_wrong_shape_is_an_error_naming_the_file()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.RawCommitAsync("{\"protocol\":{\"minReaderVersion\":\"one\",\"minWriterVersion\":2}}\n");
        var error = await Assert.ThrowsAsync<DeltaLogException>(() => reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None));
        Assert.Equal(DeltaLogPaths.Commit(writer.Table, 1).ToString(), error.File);
        Assert.Contains("action 'protocol'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_that_is_not_parquet_is_an_error_naming_it()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.CheckpointAsync();
        var checkpoint = DeltaLogPaths.Checkpoint(writer.Table, 0, 1)[0];
        await Driver.PutAsync(StorageAccess.Daemon, checkpoint, new MemoryStream(Encoding.UTF8.GetBytes("not parquet at all")), CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeltaLogException>(() => reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None));
        Assert.Equal(checkpoint.ToString(), error.File);
    }

    [Fact]
    public async Task A_gap_in_the_commits_is_an_error_naming_the_missing_one()
    {
        var (writer, _, reader) = await NewTableAsync();
        await writer.CreateAsync(TwoColumns);
        await writer.AppendAsync("a.parquet");
        await writer.AppendAsync("b.parquet");
        await Driver.DeleteAsync(StorageAccess.Daemon, DeltaLogPaths.Commit(writer.Table, 1), CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeltaLogException>(() => reader.ReadAsync(StorageAccess.Daemon, writer.Table, CancellationToken.None));
        Assert.Equal(DeltaLogPaths.Commit(writer.Table, 1).ToString(), error.File);
        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
    }
}
