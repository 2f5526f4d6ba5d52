using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.WorkspaceFiles.Tests.Support;

namespace Lakeplane.WorkspaceFiles.Tests.Api;

/// <summary>
/// The Workspace API against a real daemon, over REST (Databricks' paths, bodies and error codes) and gRPC. Runs once
/// per store: <see cref="SqliteWorkspaceApiTests"/>, <see cref="PostgresWorkspaceApiTests"/>.
/// </summary>
public abstract class WorkspaceApiTests<TDaemon>(WorkspaceFixture<TDaemon> fixture) where TDaemon : DaemonFixture, new()
{
    private const string Api = "/api/2.0/workspace";

    [Fact]
    public async Task ImportedFile_ExportsTheSameBytes_AndNoPlaintextIsStoredAnywhere()
    {
        using var http = fixture.Http();
        var dir = "/Shared/" + Unique.Name("enc");
        var secret = "print('lakeplane plaintext marker " + Guid.NewGuid().ToString("N") + "')\n";
        var bytes = Encoding.UTF8.GetBytes(secret);

        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import",
            new { path = dir + "/etl.py", format = "RAW", content = Convert.ToBase64String(bytes), overwrite = false }));

        var exported = await Expect.RestOkAsync(await http.GetAsync(Api + "/export?path=" + Uri.EscapeDataString(dir + "/etl.py") + "&format=SOURCE"));
        Assert.Equal(bytes, Convert.FromBase64String(exported.GetProperty("content").GetString()!));
        Assert.Equal("py", exported.GetProperty("file_type").GetString());
        var direct = await http.GetAsync(Api + "/export?path=" + Uri.EscapeDataString(dir + "/etl.py") + "&direct_download=true");
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(bytes, await direct.Content.ReadAsByteArrayAsync());

        var status = await Expect.RestOkAsync(await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(dir + "/etl.py")));
        Assert.Equal("FILE", status.GetProperty("object_type").GetString());
        Assert.Equal(dir + "/etl.py", status.GetProperty("path").GetString());
        Assert.Equal(bytes.Length, status.GetProperty("size").GetInt64());
        Assert.Equal(JsonValueKind.Number, status.GetProperty("object_id").ValueKind);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), status.GetProperty("content_md5").GetString());
        Assert.False(status.TryGetProperty("language", out _));

        var stored = await fixture.ReadEverythingStoredAsync();
        Assert.Empty(stored.WhereFound(Encoding.UTF8.GetBytes("lakeplane plaintext marker")));
        Assert.Empty(stored.WhereFound(Encoding.UTF8.GetBytes(Convert.ToBase64String(bytes))));
        // The content is in the workspace's storage, as ciphertext of the plaintext's length plus nonce and tag.
        Assert.Contains(stored.WorkspaceFileBlobs, blob => blob.Content.Length == bytes.Length + 28);
    }

    [Fact]
    public async Task Notebooks_ImportAsSource_OrByAutoDetection_AndListWithTheirLanguage()
    {
        using var http = fixture.Http();
        var dir = "/Users/someone@example.com/" + Unique.Name("nb");
        var sql = Encoding.UTF8.GetBytes("-- Databricks notebook source\nSELECT 1\n");
        var python = Encoding.UTF8.GetBytes("# Databricks notebook source\nprint(1)\n");

        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import",
            new { path = dir + "/report", format = "SOURCE", language = "SQL", content = Convert.ToBase64String(sql) }));
        // AUTO: a .py with the notebook header becomes a notebook, its extension dropped, as Databricks does.
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import",
            new { path = dir + "/ingest.py", format = "AUTO", content = Convert.ToBase64String(python) }));
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import",
            new { path = dir + "/helper.py", format = "AUTO", content = Convert.ToBase64String("x = 1\n"u8.ToArray()) }));
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/mkdirs", new { path = dir + "/sub" }));

        var list = await Expect.RestOkAsync(await http.GetAsync(Api + "/list?path=" + Uri.EscapeDataString(dir)));
        var objects = list.GetProperty("objects").EnumerateArray()
            .ToDictionary(o => o.GetProperty("path").GetString()!, o => (Type: o.GetProperty("object_type").GetString(), Language: o.TryGetProperty("language", out var l) ? l.GetString() : null));
        Assert.Equal(new Dictionary<string, (string?, string?)>
        {
            [dir + "/helper.py"] = ("FILE", null),
            [dir + "/ingest"] = ("NOTEBOOK", "PYTHON"),
            [dir + "/report"] = ("NOTEBOOK", "SQL"),
            [dir + "/sub"] = ("DIRECTORY", null),
        }, objects);

        var exported = await Expect.RestOkAsync(await http.GetAsync(Api + "/export?path=" + Uri.EscapeDataString(dir + "/report")));
        Assert.Equal(sql, Convert.FromBase64String(exported.GetProperty("content").GetString()!));
        Assert.Equal("sql", exported.GetProperty("file_type").GetString());
        // Listing a notebook lists the notebook itself.
        var single = await Expect.RestOkAsync(await http.GetAsync(Api + "/list?path=" + Uri.EscapeDataString(dir + "/ingest")));
        Assert.Equal(dir + "/ingest", Assert.Single(single.GetProperty("objects").EnumerateArray()).GetProperty("path").GetString());
        // An empty directory lists as {} (no objects key), as Databricks answers.
        var empty = await Expect.RestOkAsync(await http.GetAsync(Api + "/list?path=" + Uri.EscapeDataString(dir + "/sub")));
        Assert.False(empty.TryGetProperty("objects", out _));
    }

    [Fact]
    public async Task Import_CreatesParents_Delete_RefusesNonEmptyDirectories_UnlessRecursive_AndRemovesTheCiphertext()
    {
        using var http = fixture.Http();
        var top = "/Shared/" + Unique.Name("tree");
        var content = Convert.ToBase64String("a = 1\n"u8.ToArray());
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import", new { path = top + "/a/b/c/deep.py", format = "RAW", content }));
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import", new { path = top + "/a/shallow.py", format = "RAW", content }));
        foreach (var directory in new[] { top, top + "/a", top + "/a/b", top + "/a/b/c" })
        {
            var status = await Expect.RestOkAsync(await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(directory)));
            Assert.Equal("DIRECTORY", status.GetProperty("object_type").GetString());
        }
        var blobsBefore = (await fixture.ReadEverythingStoredAsync()).WorkspaceFileBlobs.Count;

        var refused = await http.PostAsJsonAsync(Api + "/delete", new { path = top + "/a", recursive = false });
        var message = await Expect.RestErrorAsync(refused, HttpStatusCode.BadRequest, "DIRECTORY_NOT_EMPTY");
        Assert.Contains("recursive", message, StringComparison.Ordinal);

        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/delete", new { path = top + "/a", recursive = true }));
        var gone = await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(top + "/a/b/c/deep.py"));
        Assert.Contains("doesn't exist", await Expect.RestErrorAsync(gone, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), StringComparison.Ordinal);
        Assert.Equal(blobsBefore - 2, (await fixture.ReadEverythingStoredAsync()).WorkspaceFileBlobs.Count);
        // An empty directory goes without recursive.
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/delete", new { path = top }));
        await Expect.RestErrorAsync(await http.PostAsJsonAsync(Api + "/delete", new { path = top }), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("path", """{"path":"Shared/x.py","format":"RAW","content":""}""")]
    [InlineData("path", """{"path":"/Shared/../etc/x.py","format":"RAW","content":""}""")]
    [InlineData("path", """{"path":"/Shared//x.py","format":"RAW","content":""}""")]
    [InlineData("path", """{"path":"/Shared/x/","format":"RAW","content":""}""")]
    [InlineData("path", """{"format":"RAW","content":""}""")]
    [InlineData("language", """{"path":"/Shared/nb","format":"SOURCE","content":""}""")]
    [InlineData("language", """{"path":"/Shared/nb","format":"SOURCE","language":"COBOL","content":""}""")]
    [InlineData("language", """{"path":"/Shared/f.txt","format":"RAW","language":"PYTHON","content":""}""")]
    [InlineData("format", """{"path":"/Shared/nb","format":"DBC","content":""}""")]
    [InlineData("format", """{"path":"/Shared/nb","format":"ZIP","content":""}""")]
    public async Task BadImport_IsRefusedOverRest_NamingTheField(string field, string body)
    {
        using var http = fixture.Http();
        var response = await http.PostAsync(Api + "/import", new StringContent(body, Encoding.UTF8, "application/json"));
        var message = await Expect.RestErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingPath_IsRefusedWithoutOverwrite_AndReplacedWithIt_KeepingTheObjectId()
    {
        using var http = fixture.Http();
        var path = "/Shared/" + Unique.Name("over") + ".sql";
        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import", new { path, format = "RAW", content = Convert.ToBase64String("SELECT 1"u8.ToArray()) }));
        var first = await Expect.RestOkAsync(await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(path)));

        var refused = await http.PostAsJsonAsync(Api + "/import", new { path, format = "RAW", content = Convert.ToBase64String("SELECT 2"u8.ToArray()) });
        Assert.Contains("overwrite", await Expect.RestErrorAsync(refused, HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS"), StringComparison.Ordinal);
        var mkdirsOverFile = await http.PostAsJsonAsync(Api + "/mkdirs", new { path = path + "/below" });
        await Expect.RestErrorAsync(mkdirsOverFile, HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS");

        await Expect.RestOkAsync(await http.PostAsJsonAsync(Api + "/import",
            new { path, format = "RAW", content = Convert.ToBase64String("SELECT 2"u8.ToArray()), overwrite = true }));
        var second = await Expect.RestOkAsync(await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(path)));
        Assert.Equal(first.GetProperty("object_id").GetInt64(), second.GetProperty("object_id").GetInt64());
        Assert.Equal(first.GetProperty("version").GetInt64() + 1, second.GetProperty("version").GetInt64());
        Assert.NotEqual(first.GetProperty("content_md5").GetString(), second.GetProperty("content_md5").GetString());
        var exported = await Expect.RestOkAsync(await http.GetAsync(Api + "/export?path=" + Uri.EscapeDataString(path)));
        Assert.Equal("SELECT 2", Encoding.UTF8.GetString(Convert.FromBase64String(exported.GetProperty("content").GetString()!)));
    }

    [Fact]
    public async Task ImportRetriedWithTheSameIdempotencyKey_AnswersTheFirstAttempt_AndIsAuditedOnce()
    {
        using var http = fixture.Http();
        var path = "/Shared/" + Unique.Name("retry") + ".py";
        var key = Unique.RequestId();
        var unique = Encoding.UTF8.GetBytes("retry-content-" + Guid.NewGuid().ToString("N") + "-with-a-length-no-other-test-uses");
        var body = new { path, format = "RAW", content = Convert.ToBase64String(unique) };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Api + "/import") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            await Expect.RestOkAsync(await http.SendAsync(request));
        }
        var status = await Expect.RestOkAsync(await http.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(path)));
        Assert.Equal(1, status.GetProperty("version").GetInt64());

        using var different = new HttpRequestMessage(HttpMethod.Post, Api + "/import")
        {
            Content = JsonContent.Create(new { path, format = "RAW", content = Convert.ToBase64String("v = 2"u8.ToArray()), overwrite = true }),
        };
        different.Headers.Add("Idempotency-Key", key);
        Assert.Contains("request_id", await Expect.RestErrorAsync(await http.SendAsync(different), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);

        var audit = await AuditAsync();
        var entry = Assert.Single(audit, e => e.Action == "workspace.import" && e.Details.StartsWith("path=" + path + " ", StringComparison.Ordinal));
        Assert.Equal(status.GetProperty("object_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ObjectId);
        Assert.Equal("workspace_object", entry.Kind);
        // Each retry uploaded its ciphertext before it learnt it was a retry; those uploads are removed again.
        Assert.Single((await fixture.ReadEverythingStoredAsync()).WorkspaceFileBlobs, blob => blob.Content.Length == unique.Length + 28);
    }

    [Fact]
    public async Task Grpc_ImportExportListDelete_WithErrorsNamingTheField()
    {
        var path = "/Shared/" + Unique.Name("grpc") + "/job.py";
        var content = ByteString.CopyFromUtf8("print('grpc')\n");
        var imported = await fixture.Objects.ImportObjectAsync(new ImportWorkspaceObjectRequest
        {
            WorkspaceId = fixture.WorkspaceId, Path = path, Format = "SOURCE", Language = "PYTHON", Content = content, RequestId = Unique.RequestId(),
        });
        Assert.Equal("NOTEBOOK", imported.ObjectType);
        Assert.Equal("PYTHON", imported.Language);
        Assert.Equal(content.Length, imported.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content.ToByteArray())), imported.ContentMd5);
        Assert.True(imported.ObjectId > 0);

        var exported = await fixture.Objects.ExportObjectAsync(new ExportWorkspaceObjectRequest { WorkspaceId = fixture.WorkspaceId, Path = path });
        Assert.Equal(content, exported.Content);
        Assert.Equal(imported.ObjectId, exported.Object.ObjectId);
        var listed = await fixture.Objects.ListObjectsAsync(new ListWorkspaceObjectsRequest { WorkspaceId = fixture.WorkspaceId, Path = path[..path.LastIndexOf('/')] });
        Assert.Equal(path, Assert.Single(listed.Objects).Path);

        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "path", () => fixture.Objects.ImportObjectAsync(new ImportWorkspaceObjectRequest
        {
            WorkspaceId = fixture.WorkspaceId, Path = path, Format = "SOURCE", Language = "PYTHON", Content = content,
        }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "path", () => fixture.Objects.GetObjectStatusAsync(new GetWorkspaceObjectStatusRequest
        {
            WorkspaceId = fixture.WorkspaceId, Path = "relative/path",
        }));
        await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "DIRECTORY_NOT_EMPTY", "recursive", () => fixture.Objects.DeleteObjectAsync(new DeleteWorkspaceObjectRequest
        {
            WorkspaceId = fixture.WorkspaceId, Path = path[..path.LastIndexOf('/')],
        }));
        await fixture.Objects.DeleteObjectAsync(new DeleteWorkspaceObjectRequest { WorkspaceId = fixture.WorkspaceId, Path = path });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "path", () => fixture.Objects.ExportObjectAsync(new ExportWorkspaceObjectRequest
        {
            WorkspaceId = fixture.WorkspaceId, Path = path,
        }));
    }

    [Fact]
    public async Task Workspace_IsTheTokensOrNamedByHeaderOrUrl_AndOtherWorkspacesTokensAreRefused()
    {
        var path = "/Shared/" + Unique.Name("routing") + ".txt";
        using (var admin = fixture.AdminHttp())
        {
            await Expect.RestOkAsync(await admin.PostAsJsonAsync(Api + "/import", new { path, format = "AUTO", content = Convert.ToBase64String("hello"u8.ToArray()) }));
        }
        using (var user = fixture.Daemon.Http(fixture.WorkspaceToken))
        {
            var viaUrl = new Uri(fixture.Workspace.WorkspaceUrl).AbsolutePath + Api + "/get-status?path=" + Uri.EscapeDataString(path);
            Assert.Equal("FILE", (await Expect.RestOkAsync(await user.GetAsync(viaUrl))).GetProperty("object_type").GetString());
        }
        using (var adminWithoutWorkspace = fixture.Daemon.Http())
        {
            var message = await Expect.RestErrorAsync(await adminWithoutWorkspace.GetAsync(Api + "/list?path=/"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
            Assert.Contains("X-Databricks-Org-Id", message, StringComparison.Ordinal);
        }
        var other = await Fixtures.SettledAsync(fixture.Admin, (await Fixtures.WorkspaceAsync(fixture.Admin)).WorkspaceId);
        var otherToken = (await Fixtures.WorkspaceTokenAsync(fixture.Admin, other.WorkspaceId)).TokenValue;
        using (var stranger = fixture.Daemon.Http(otherToken))
        {
            stranger.DefaultRequestHeaders.Add("X-Databricks-Org-Id", fixture.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect.RestErrorAsync(await stranger.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(path)), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        }
        using (var otherWorkspace = fixture.Daemon.Http(otherToken))
        {
            // The other workspace's tree is its own: the path does not exist there.
            await Expect.RestErrorAsync(await otherWorkspace.GetAsync(Api + "/get-status?path=" + Uri.EscapeDataString(path)), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        }
    }
    private async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = await fixture.Admin.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest
            {
                AccountId = fixture.Admin.AccountId, AfterSequence = entries.Count == 0 ? 0 : entries[^1].Sequence, Limit = 1000,
            });
            entries.AddRange(page.Entries);
            if (page.Entries.Count < 1000)
            {
                return entries;
            }
        }
    }
}

public sealed class SqliteWorkspaceApiTests(WorkspaceFixture<DaemonFixture> fixture)
    : WorkspaceApiTests<DaemonFixture>(fixture), IClassFixture<WorkspaceFixture<DaemonFixture>>;

public sealed class PostgresWorkspaceApiTests(WorkspaceFixture<PostgresDaemonFixture> fixture)
    : WorkspaceApiTests<PostgresDaemonFixture>(fixture), IClassFixture<WorkspaceFixture<PostgresDaemonFixture>>;
