using System.Net.Http.Headers;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.WorkspaceFiles.Tests.Support;

/// <summary>
/// One daemon (of the store <typeparamref name="TDaemon"/> runs on) per test class, with a RUNNING workspace and a token
/// of that workspace: what the Workspace API needs. Tests use unique paths, so they share it without colliding.
/// </summary>
public class WorkspaceFixture<TDaemon> : IAsyncLifetime where TDaemon : DaemonFixture, new()
{
    public TDaemon Daemon { get; } = new();

    public Protos.V1.Workspace Workspace { get; private set; } = null!;

    public long WorkspaceId => Workspace.WorkspaceId;

    /// <summary>The account admin's client.</summary>
    public LakeplaneConnection Admin { get; private set; } = null!;

    /// <summary>A client on a token of the workspace, as a workspace user calls.</summary>
    public LakeplaneConnection User { get; private set; } = null!;

    public string WorkspaceToken { get; private set; } = "";

    public WorkspaceObjectsService.WorkspaceObjectsServiceClient Objects => User.WorkspaceObjects;

    public async Task InitializeAsync()
    {
        await Daemon.InitializeAsync();
        Admin = Daemon.Connect();
        Workspace = await Fixtures.SettledAsync(Admin, (await Fixtures.WorkspaceAsync(Admin)).WorkspaceId);
        Assert.Equal("RUNNING", Workspace.WorkspaceStatus);
        WorkspaceToken = (await Fixtures.WorkspaceTokenAsync(Admin, WorkspaceId)).TokenValue;
        User = Daemon.Connect(WorkspaceToken);
    }

    /// <summary>An HttpClient on the workspace's token (the workspace comes from the token).</summary>
    public HttpClient Http() => Daemon.Http(WorkspaceToken);

    /// <summary>An HttpClient with the account admin's token, naming the workspace in the X-Databricks-Org-Id header.</summary>
    public HttpClient AdminHttp()
    {
        var client = Daemon.Http();
        client.DefaultRequestHeaders.Add("X-Databricks-Org-Id", WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client;
    }

    /// <summary>Every byte the daemon keeps in its data directory (SQLite database and WAL, storage, env), and on
    /// PostgreSQL every row of its database: what "stored" means for the no-plaintext checks.</summary>
    public async Task<RawStorage> ReadEverythingStoredAsync()
    {
        var files = Directory.EnumerateFiles(Daemon.DataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => new RawFile(Path.GetRelativePath(Daemon.DataDirectory, path), ReadShared(path)))
            .ToList();
        var rows = Daemon is PostgresDaemonFixture postgres ? await postgres.DumpAllRowsAsync() : "";
        return new RawStorage(files, rows);
    }

    /// <summary>The database and its WAL may be written concurrently: read with sharing.</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public async Task DisposeAsync()
    {
        User?.Dispose();
        Admin?.Dispose();
        await Daemon.DisposeAsync();
    }
}

public sealed record RawFile(string RelativePath, byte[] Content);

/// <summary>What a daemon stored, as raw bytes and rows.</summary>
public sealed record RawStorage(IReadOnlyList<RawFile> Files, string PostgresRows)
{
    /// <summary>The files below the storage's workspace-files prefixes: the encrypted contents.</summary>
    public IReadOnlyList<RawFile> WorkspaceFileBlobs =>
        Files.Where(file => file.RelativePath.Replace('\\', '/').Contains("/workspace-files/", StringComparison.Ordinal)).ToList();

    /// <summary>Where <paramref name="needle"/> occurs: file names, or "postgres rows".</summary>
    public IReadOnlyList<string> WhereFound(byte[] needle)
    {
        var found = Files.Where(file => file.Content.AsSpan().IndexOf(needle) >= 0).Select(file => file.RelativePath).ToList();
        if (PostgresRows.Length > 0 && PostgresRows.Contains(System.Text.Encoding.UTF8.GetString(needle), StringComparison.Ordinal))
        {
            found.Add("postgres rows");
        }
        return found;
    }
}
