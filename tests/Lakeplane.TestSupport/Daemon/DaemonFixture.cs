using System.Net.Http.Headers;
using Lakeplane.Protos.Client;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>
/// One daemon per test class (xunit class fixture): a fresh data directory, bootstrapped on
/// start. Tests make their own objects with unique names, so they don't depend on each other.
/// </summary>
public class DaemonFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _clients = [];

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("lakeplane-test-").FullName;

    public DaemonProcess Daemon { get; private set; } = null!;

    public string AccountId { get; private set; } = "";

    public string AdminToken { get; private set; } = "";

    public string BaseUrl => Daemon.BaseUrl;

    /// <summary>What the first start printed (the bootstrap), kept across restarts.</summary>
    public string FirstStartStdout { get; private set; } = "";

    /// <summary>Extra environment for the daemon (e.g. the store settings of a PostgreSQL run).</summary>
    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        Daemon = await DaemonProcess.StartAsync(DataDirectory, Environment);
        var env = EnvFileContents.Read(DataDirectory);
        AccountId = env.AccountId;
        AdminToken = env.Token;
        FirstStartStdout = Daemon.Stdout;
    }

    /// <summary>The typed client the Terraform and Pulumi providers use; the admin's unless a token is given.</summary>
    public LakeplaneConnection Connect(string? token = null)
    {
        var connection = new LakeplaneConnection(BaseUrl, token ?? AdminToken, AccountId);
        lock (_clients) { _clients.Add(connection); }
        return connection;
    }

    /// <summary>An HttpClient on the daemon; with the admin token unless told otherwise ("" sends none).</summary>
    public HttpClient Http(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var bearer = token ?? AdminToken;
        if (bearer.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        lock (_clients) { _clients.Add(client); }
        return client;
    }

    public string AccountPath(string tail) => $"/api/2.0/accounts/{AccountId}/{tail}";

    public async Task RestartAsync()
    {
        await Daemon.StopAsync();
        await Daemon.DisposeAsync();
        Daemon = await DaemonProcess.StartAsync(DataDirectory, Environment);
    }

    /// <summary>SIGKILL, then start again on the same data: what a power cut and a reboot do.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Daemon.KillAsync();
        await Daemon.DisposeAsync();
        Daemon = await DaemonProcess.StartAsync(DataDirectory, Environment);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        if (Daemon is not null)
        {
            await Daemon.StopAsync();
            // For diagnosing a failure after the fact: LAKEPLANE_TEST_LOG_DIR keeps each daemon's log.
            var logDirectory = System.Environment.GetEnvironmentVariable("LAKEPLANE_TEST_LOG_DIR");
            if (!string.IsNullOrEmpty(logDirectory))
            {
                Directory.CreateDirectory(logDirectory);
                await File.WriteAllTextAsync(Path.Combine(logDirectory, Path.GetFileName(DataDirectory) + ".log"), Daemon.Stderr);
            }
            await Daemon.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail the suite.
        }
    }
}
