using System.Globalization;
using System.Net;
using System.Text.Json;
using Lakeplane.Daemon.Delta;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Lineage.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Lineage.Tests.Api;

/// <summary>
/// tables/get and the history extension of DELTA tables whose logs the tests write into the table's storage location
/// (the local driver's directory, or s3rver through the AWS SDK-based driver), read by a real lakeplaned over REST.
/// </summary>
public abstract class DeltaTableApiTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>, IDisposable
    where TDaemon : class, IStorageDaemon
{
    private static readonly string Registered = DeltaTableWriter.Schema(("id", "long", false), ("amount", "decimal(10,2)", true));

    private readonly IStorageDriver _driver = daemon switch
    {
        S3DaemonFixture s3 => new S3StorageDriver(s3.S3.Settings()),
        _ => new LocalStorageDriver(Path.Combine(daemon.Fixture.DataDirectory, "storage")),
    };

    public void Dispose() => (_driver as IDisposable)?.Dispose();

    private async Task<(VolumeWorld World, TableInfo Table, DeltaTableWriter Writer)> TableAsync()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var table = await world.Admin.Catalog.CreateTableAsync(new CreateTableRequest
        {
            WorkspaceId = world.WorkspaceId, CatalogName = world.Catalog, SchemaName = world.Schema, Name = "orders_" + Guid.NewGuid().ToString("N")[..8],
            Columns =
            {
                new ColumnInfo { Name = "id", TypeName = "LONG", TypeText = "bigint", Nullable = false },
                new ColumnInfo { Name = "amount", TypeName = "DECIMAL", TypeText = "decimal(10,2)", TypePrecision = 10, TypeScale = 2, Nullable = true },
            },
        });
        return (world, table, new DeltaTableWriter(_driver, StorageLocation.Parse(table.StorageLocation)));
    }

    private static async Task<JsonElement> GetTableAsync(HttpClient http, string fullName) =>
        await Expect.RestOkAsync(await http.GetAsync($"/api/2.1/unity-catalog/tables/{fullName}"));

    private static Task<HttpResponseMessage> HistoryAsync(HttpClient http, string fullName, string query = "") =>
        http.GetAsync($"/api/2.1/unity-catalog/tables/{fullName}/history{query}");

    [Fact]
    public async Task Tables_get_shows_the_log_version_protocol_features_properties_and_partitioned_columns()
    {
        var (world, table, writer) = await TableAsync();
        await writer.CreateAsync(Registered, partitionColumns: ["id"], readerFeatures: ["deletionVectors"],
            writerFeatures: ["deletionVectors", "inCommitTimestamp"],
            configuration: new() { ["delta.enableDeletionVectors"] = "true", ["delta.enableInCommitTimestamps"] = "true" });
        await writer.AppendAsync("id=1/part-0.parquet");
        var lastCommit = writer.Clock - 60_000;

        var got = await GetTableAsync(world.Http(), table.FullName);

        var properties = got.GetProperty("properties");
        Assert.Equal("1", properties.GetProperty("delta.lastUpdateVersion").GetString());
        Assert.Equal(lastCommit.ToString(CultureInfo.InvariantCulture), properties.GetProperty("delta.lastCommitTimestamp").GetString());
        Assert.Equal("3", properties.GetProperty("delta.minReaderVersion").GetString());
        Assert.Equal("7", properties.GetProperty("delta.minWriterVersion").GetString());
        Assert.Equal("true", properties.GetProperty("delta.enableDeletionVectors").GetString());
        Assert.Equal("supported", properties.GetProperty("delta.feature.deletionVectors").GetString());
        Assert.Equal("supported", properties.GetProperty("delta.feature.inCommitTimestamp").GetString());
        var columns = got.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["id", "amount"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(0, columns[0].GetProperty("partition_index").GetInt32());
        Assert.False(columns[1].TryGetProperty("partition_index", out _));
        var log = got.GetProperty("delta_log");
        Assert.Equal(1, log.GetProperty("version").GetInt64());
        Assert.Equal(["deletionVectors"], log.GetProperty("reader_features").EnumerateArray().Select(f => f.GetString()));
        Assert.False(log.TryGetProperty("error", out _));
        Assert.False(log.TryGetProperty("schema_differences", out _));
    }

    [Fact]
    public async Task Columns_follow_the_log_and_a_registered_schema_that_disagrees_is_reported()
    {
        var (world, table, writer) = await TableAsync();
        await writer.CreateAsync(Registered);
        await writer.ChangeSchemaAsync(DeltaTableWriter.Schema(("id", "integer", false), ("amount", "decimal(10,2)", true), ("tags", "string", true)));

        var got = await GetTableAsync(world.Http(), table.FullName);

        Assert.Equal(["id", "amount", "tags"], got.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("INT", got.GetProperty("columns")[0].GetProperty("type_name").GetString());
        var differences = got.GetProperty("delta_log").GetProperty("schema_differences").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(
            ["column 'id' is registered as bigint but is int in the log at version 1", "column 'tags' (string) is in the log at version 1 but not registered"],
            differences);
    }

    [Fact]
    public async Task A_missing_or_corrupt_log_is_an_error_on_that_table_naming_the_file_and_the_listing_still_answers()
    {
        var (world, missing, _) = await TableAsync();
        var (_, corrupt, writer) = await TableAsync();
        await writer.CreateAsync(Registered);
        await writer.RawCommitAsync("{\"add\": not json}\n");
        var http = world.Http();

        var noLog = await GetTableAsync(http, missing.FullName);
        Assert.Contains($"{missing.StorageLocation}/_delta_log/00000000000000000000.json", noLog.GetProperty("delta_log").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["id", "amount"], noLog.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var broken = await GetTableAsync(http, corrupt.FullName);
        Assert.Contains($"{corrupt.StorageLocation}/_delta_log/00000000000000000001.json: line 1 is not JSON",
            broken.GetProperty("delta_log").GetProperty("error").GetString(), StringComparison.Ordinal);

        var listing = await Expect.RestOkAsync(await http.GetAsync($"/api/2.1/unity-catalog/tables?catalog_name={world.Catalog}&schema_name={world.Schema}"));
        Assert.Contains(listing.GetProperty("tables").EnumerateArray(), t => t.GetProperty("full_name").GetString() == corrupt.FullName);

        var history = await Expect.RestErrorAsync(await HistoryAsync(http, corrupt.FullName), HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        Assert.Contains("00000000000000000001.json: line 1 is not JSON", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_commits_newest_first_with_their_commit_info_and_pages()
    {
        var (world, table, writer) = await TableAsync();
        await writer.CreateAsync(Registered);
        await writer.AppendAsync("a.parquet");
        await writer.DeleteFileAsync("a.parquet");
        await writer.CheckpointAsync();
        await writer.OverwriteAsync("b.parquet");
        var http = world.Http();

        var all = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName));
        var entries = all.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([3L, 2, 1, 0], entries.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(["WRITE", "DELETE", "WRITE", "CREATE TABLE"], entries.Select(e => e.GetProperty("operation").GetString()));
        Assert.Equal("Overwrite", entries[0].GetProperty("operation_parameters").GetProperty("mode").GetString());
        Assert.Equal("writer@example.com", entries[0].GetProperty("user_name").GetString());
        Assert.Equal(2, entries[0].GetProperty("read_version").GetInt64());
        Assert.False(all.TryGetProperty("next_page_token", out _));

        var first = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName, "?max_results=3"));
        Assert.Equal([3L, 2, 1], first.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        var token = first.GetProperty("next_page_token").GetString();
        var rest = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName, $"?max_results=3&page_token={token}"));
        Assert.Equal([0L], rest.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));

        var bad = await Expect.RestErrorAsync(await HistoryAsync(http, table.FullName, "?max_results=5000"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("max_results", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_travel_answers_the_version_a_read_as_of_a_version_or_timestamp_would_read()
    {
        var (world, table, writer) = await TableAsync();
        var created = writer.Clock;
        await writer.CreateAsync(Registered, writerFeatures: ["inCommitTimestamp"], readerFeatures: [],
            configuration: new() { ["delta.enableInCommitTimestamps"] = "true" });
        await writer.AppendAsync("a.parquet");
        await writer.AppendAsync("b.parquet");
        var latest = writer.Clock - 60_000;
        var http = world.Http();

        var asOfVersion = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName, "?version=1"));
        Assert.Equal(1, asOfVersion.GetProperty("history")[0].GetProperty("version").GetInt64());

        // Between version 1 (created + 1 min) and version 2 (+ 2 min): version 1.
        var between = DateTimeOffset.FromUnixTimeMilliseconds(created + 90_000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var asOfTime = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName, $"?timestamp={between}"));
        Assert.Equal(1, asOfTime.GetProperty("history")[0].GetProperty("version").GetInt64());
        var exact = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName, $"?timestamp={latest}"));
        Assert.Equal(2, exact.GetProperty("history")[0].GetProperty("version").GetInt64());

        Assert.Contains("after the latest commit", await Expect.RestErrorAsync(
            await HistoryAsync(http, table.FullName, $"?timestamp={latest + 1}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        Assert.Contains("before the earliest version", await Expect.RestErrorAsync(
            await HistoryAsync(http, table.FullName, $"?timestamp={created - 1}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        Assert.Contains("versions are 0 to 2", await Expect.RestErrorAsync(
            await HistoryAsync(http, table.FullName, "?version=7"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        Assert.Contains("timestamp 'yesterday'", await Expect.RestErrorAsync(
            await HistoryAsync(http, table.FullName, "?timestamp=yesterday"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_select_is_refused_the_history_with_403_and_sees_it_once_granted()
    {
        var (world, table, writer) = await TableAsync();
        await writer.CreateAsync(Registered);
        var (userName, http) = await world.UserAsync();
        await world.GrantAsync("catalog", world.Catalog, userName, "USE_CATALOG");
        await world.GrantAsync("schema", $"{world.Catalog}.{world.Schema}", userName, "USE_SCHEMA");

        var refused = await Expect.RestErrorAsync(await HistoryAsync(http, table.FullName), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Contains("SELECT", refused, StringComparison.Ordinal);

        await world.GrantAsync("table", table.FullName, userName, "SELECT");
        var history = await Expect.RestOkAsync(await HistoryAsync(http, table.FullName));
        Assert.Equal(0, history.GetProperty("history")[0].GetProperty("version").GetInt64());
    }
}

public sealed class LocalDeltaTableApiTests(LocalDaemonFixture daemon) : DeltaTableApiTests<LocalDaemonFixture>(daemon);

public sealed class S3DeltaTableApiTests(S3DaemonFixture daemon) : DeltaTableApiTests<S3DaemonFixture>(daemon);
