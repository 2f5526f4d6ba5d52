using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Lakeplane.Storage.Tests.Api;

/// <summary>The Files API for volumes over real HTTP against a real lakeplaned, once per storage driver.</summary>
public abstract class FilesApiTests<TDaemon>(TDaemon daemon, ITestOutputHelper output) : IClassFixture<TDaemon>
    where TDaemon : class, IStorageDaemon
{
    protected TDaemon Daemon => daemon;

    private static string Files(string path) => "/api/2.0/fs/files" + path;

    private static string Directories(string path) => "/api/2.0/fs/directories" + path;

    [Fact]
    public async Task A_file_is_uploaded_downloaded_described_and_deleted()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var (_, volume) = await world.VolumeAsync();
        var http = world.Http();
        var file = volume + "/reports/2026/q1.csv";

        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Files(file), VolumeWorld.Bytes("id,amount\n1,2.50\n"))).StatusCode);
        var download = await http.GetAsync(Files(file));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("id,amount\n1,2.50\n", await download.Content.ReadAsStringAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(download.Content.Headers.LastModified);

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Files(file)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(17, head.Content.Headers.ContentLength);

        var again = await http.PutAsync(Files(file), VolumeWorld.Bytes("other"));
        var message = await Expect.RestErrorAsync(again, HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains("overwrite=true", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Files(file) + "?overwrite=true", VolumeWorld.Bytes("other"))).StatusCode);
        Assert.Equal("other", await http.GetStringAsync(Files(file)));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(Files(file))).StatusCode);
        await Expect.RestErrorAsync(await http.GetAsync(Files(file)), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Expect.RestErrorAsync(await http.DeleteAsync(Files(file)), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Files(file)))).StatusCode);
    }

    [Fact]
    public async Task A_100_MiB_file_streams_both_ways_while_the_daemons_memory_stays_flat()
    {
        const long size = 100L * 1024 * 1024;
        var world = await VolumeWorld.OfAsync(daemon);
        var (_, volume) = await world.VolumeAsync();
        var http = world.Http();
        // Warm up the paths first, so that what is measured is what a larger file adds, not the first call's JIT nor
        // the s3 driver's part buffers (an upload has up to PartsInFlight parts out plus one being read: a file of that
        // many parts already needs all it ever will).
        const long warm = (S3StorageDriver.PartsInFlight + 1L) * S3StorageDriver.PartSize + 1;
        await UploadAsync(http, volume + "/warm.bin", warm);
        await DownloadAndCheckAsync(http, volume + "/warm.bin", warm);
        var before = ProcessMemory.PeakResidentBytes(daemon.Fixture.Daemon.ProcessId);

        await UploadAsync(http, volume + "/big/payload.bin", size);
        await DownloadAndCheckAsync(http, volume + "/big/payload.bin", size);

        var growth = ProcessMemory.PeakResidentBytes(daemon.Fixture.Daemon.ProcessId) - before;
        output.WriteLine($"{daemon.DriverName}: peak RSS {before / (1024 * 1024)} MiB before, grew {growth / (1024 * 1024.0):F1} MiB moving 100 MiB up and down");
        Assert.True(growth < 40L * 1024 * 1024, $"the daemon's peak RSS grew by {growth / (1024 * 1024)} MiB moving a 100 MiB file ({daemon.DriverName})");
    }

    [Fact]
    public async Task A_byte_range_of_a_file_is_served_as_206_with_its_content_range()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var (_, volume) = await world.VolumeAsync();
        var http = world.Http();
        var file = Files(volume + "/r.txt");
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(file, VolumeWorld.Bytes("0123456789"))).StatusCode);

        foreach (var (range, body, contentRange) in new[]
        {
            (new RangeHeaderValue(2, 5), "2345", "bytes 2-5/10"),
            (new RangeHeaderValue(7, null), "789", "bytes 7-9/10"),
            (new RangeHeaderValue(null, 3), "789", "bytes 7-9/10"),
            (new RangeHeaderValue(8, 100), "89", "bytes 8-9/10"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, file) { Headers = { Range = range } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
            Assert.Equal(contentRange, response.Content.Headers.ContentRange?.ToString());
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        }

        using var beyond = new HttpRequestMessage(HttpMethod.Get, file) { Headers = { Range = new RangeHeaderValue(10, 12) } };
        using var unsatisfiable = await http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal("bytes */10", unsatisfiable.Content.Headers.ContentRange?.ToString());
        // Without a Range header, the whole file.
        Assert.Equal("0123456789", await http.GetStringAsync(file));
    }

    [Fact]
    public async Task Uploads_deletes_and_directory_changes_are_audited_naming_the_volume_path_and_caller()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var (info, volume) = await world.VolumeAsync();
        var (userName, http) = await world.UserAsync();
        await world.GrantAsync("catalog", world.Catalog, userName, "USE_CATALOG");
        await world.GrantAsync("schema", $"{world.Catalog}.{world.Schema}", userName, "USE_SCHEMA");
        await world.GrantAsync("volume", info.FullName, userName, "READ_VOLUME", "WRITE_VOLUME");

        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Directories(volume + "/in"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Files(volume + "/in/a.csv"), VolumeWorld.Bytes("12345"))).StatusCode);
        Assert.Equal("12345", await http.GetStringAsync(Files(volume + "/in/a.csv")));
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(Files(volume + "/in/a.csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(Directories(volume + "/in"))).StatusCode);
        // Refused calls change nothing and are not audited as changes.
        await Expect.RestErrorAsync(await http.DeleteAsync(Files(volume + "/in/a.csv")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var entries = new List<AuditEntry>();
        long after = 0;
        while (true)
        {
            var page = (await world.Admin.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = after, Limit = 1000 })).Entries;
            entries.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }
            after = page[^1].Sequence;
        }
        var files = entries.Where(e => e.ObjectId == info.VolumeId && e.Action.StartsWith("volume_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["volume_directory.create", "volume_file.upload", "volume_file.delete", "volume_directory.delete"], files.Select(e => e.Action));
        Assert.All(files, e =>
        {
            Assert.Equal("uc_volume", e.Kind);
            Assert.StartsWith(userName, e.Actor, StringComparison.Ordinal);
        });
        Assert.Equal($"path={volume}/in", files[0].Details);
        Assert.Equal($"path={volume}/in/a.csv size=5", files[1].Details);
        Assert.Equal($"path={volume}/in/a.csv", files[2].Details);
    }

    private static async Task UploadAsync(HttpClient http, string path, long size)
    {
        // Unseekable and of unknown length: sent chunked, as a pipe would be.
        var content = new StreamContent(new PatternStream(size));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var response = await http.PutAsync(Files(path) + "?overwrite=true", content);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    private static async Task DownloadAndCheckAsync(HttpClient http, string path, long size)
    {
        using var response = await http.GetAsync(Files(path), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, response.Content.Headers.ContentLength);
        await using var stream = await response.Content.ReadAsStreamAsync();
        Assert.True(await PatternStream.MatchesAsync(stream, size));
    }

    [Fact]
    public async Task Directories_are_listed_in_pages_created_and_deleted_only_when_empty()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var (_, volume) = await world.VolumeAsync();
        var http = world.Http();
        foreach (var name in new[] { "e.txt", "a.txt", "c.txt", "sub/x.txt", "b.txt", "other/y.txt" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Files(volume + "/data/" + name), VolumeWorld.Bytes(name))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Directories(volume + "/data/empty/nested"), null)).StatusCode);

        var entries = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await http.GetStringAsync(Directories(volume + "/data") + "?page_size=3" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
            using var document = JsonDocument.Parse(page);
            var contents = document.RootElement.GetProperty("contents").EnumerateArray().Select(e => e.Clone()).ToList();
            // S3 counts sub-directories against page_size too; s3rver counts only files, so only that is common ground.
            Assert.InRange(contents.Count(e => !e.GetProperty("is_directory").GetBoolean()), 0, 3);
            Assert.NotEmpty(contents);
            entries.AddRange(contents);
            token = document.RootElement.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Equal(["a.txt", "b.txt", "c.txt", "e.txt", "empty", "other", "sub"], entries.Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var a = entries.Single(e => e.GetProperty("name").GetString() == "a.txt");
        Assert.Equal(volume + "/data/a.txt", a.GetProperty("path").GetString());
        Assert.False(a.GetProperty("is_directory").GetBoolean());
        Assert.Equal(5, a.GetProperty("file_size").GetInt64());
        Assert.True(a.GetProperty("last_modified").GetInt64() > DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        Assert.True(entries.Single(e => e.GetProperty("name").GetString() == "sub").GetProperty("is_directory").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Directories(volume + "/data/empty/nested")))).StatusCode);
        var notEmpty = await http.DeleteAsync(Directories(volume + "/data/sub"));
        Assert.Contains("not empty", await Expect.RestErrorAsync(notEmpty, HttpStatusCode.Conflict, "RESOURCE_CONFLICT"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(Directories(volume + "/data/empty/nested"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Directories(volume + "/data/empty/nested")))).StatusCode);
        await Expect.RestErrorAsync(await http.GetAsync(Directories(volume + "/nowhere")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        // A fresh volume's root is an empty directory: its storage is made on first write.
        var (_, fresh) = await world.VolumeAsync();
        Assert.Contains("\"contents\":[]", await http.GetStringAsync(Directories(fresh)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_and_write_need_their_volume_privileges_and_errors_name_the_missing_one()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var (volumeInfo, volume) = await world.VolumeAsync();
        var admin = world.Http();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync(Files(volume + "/secret.txt"), VolumeWorld.Bytes("s"))).StatusCode);
        var (user, http) = await world.UserAsync();

        Assert.Contains("USE_CATALOG", await Expect.RestErrorAsync(await http.GetAsync(Files(volume + "/secret.txt")), HttpStatusCode.Forbidden, "PERMISSION_DENIED"), StringComparison.Ordinal);
        await world.GrantAsync("catalog", world.Catalog, user, "USE_CATALOG");
        await world.GrantAsync("schema", world.Catalog + "." + world.Schema, user, "USE_SCHEMA");
        var noRead = await Expect.RestErrorAsync(await http.GetAsync(Files(volume + "/secret.txt")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Contains("READ_VOLUME", noRead, StringComparison.Ordinal);
        Assert.Contains(volumeInfo.FullName, noRead, StringComparison.Ordinal);
        Assert.Contains("READ_VOLUME", await Expect.RestErrorAsync(await http.GetAsync(Directories(volume)), HttpStatusCode.Forbidden, "PERMISSION_DENIED"), StringComparison.Ordinal);

        await world.GrantAsync("volume", volumeInfo.FullName, user, "READ_VOLUME");
        Assert.Equal("s", await http.GetStringAsync(Files(volume + "/secret.txt")));
        var noWrite = await Expect.RestErrorAsync(await http.PutAsync(Files(volume + "/mine.txt"), VolumeWorld.Bytes("m")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Contains("WRITE_VOLUME", noWrite, StringComparison.Ordinal);
        Assert.Contains("WRITE_VOLUME", await Expect.RestErrorAsync(await http.DeleteAsync(Files(volume + "/secret.txt")), HttpStatusCode.Forbidden, "PERMISSION_DENIED"), StringComparison.Ordinal);
        Assert.Contains("WRITE_VOLUME", await Expect.RestErrorAsync(await http.PutAsync(Directories(volume + "/d"), null), HttpStatusCode.Forbidden, "PERMISSION_DENIED"), StringComparison.Ordinal);

        await world.GrantAsync("volume", volumeInfo.FullName, user, "WRITE_VOLUME");
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync(Files(volume + "/mine.txt"), VolumeWorld.Bytes("m"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(Files(volume + "/secret.txt"))).StatusCode);
    }

    [Theory]
    [InlineData("/Tables/a/b/c/file")]
    [InlineData("/Volumes/a/b")]
    [InlineData("/Volumes/a/b/c/../../escape")]
    [InlineData("/Volumes/a/b/c/./x")]
    public async Task Paths_outside_a_volume_are_refused_naming_file_path(string path)
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var response = await world.Http().PutAsync(Files(path), VolumeWorld.Bytes("x"));
        // "/../" may be collapsed by the client before sending; either way it never reaches storage.
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("file_path", await Expect.RestErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.NotFound, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

public sealed class FilesApiOnS3Tests(S3DaemonFixture daemon, ITestOutputHelper output) : FilesApiTests<S3DaemonFixture>(daemon, output);

public sealed class FilesApiOnLocalTests(LocalDaemonFixture daemon, ITestOutputHelper output) : FilesApiTests<LocalDaemonFixture>(daemon, output);
