using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Support;

/// <summary>
/// One lakeplaned (real node agents, a RUNNING workspace: <see cref="ClusterDaemonFixture"/>) and one headless Chromium
/// for the whole project. Each test opens its own browser contexts (own cookies), so tests don't share sessions.
/// </summary>
public sealed class WebFixture : ClusterDaemonFixture
{
    /// <summary>The flags known to work on this machine's closed network: no background connections, no GPU, no sandbox as root.</summary>
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;
    private Task<Lakeplane.Protos.V1.Cluster>? _runningCluster;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Bytes of a task's stdout that runs/get-output returns (and the run page shows) before it cuts, with a note.</summary>
    public const int OutputLimitBytes = 4096;

    /// <summary>The job scheduler looks for work every 250 ms, so a run started from the UI begins at once; output is cut at
    /// <see cref="OutputLimitBytes"/> so a test can see the run page's truncation note without printing megabytes.</summary>
    protected override IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>(base.Environment)
        {
            ["LAKEPLANE_JOBS_POLL_MS"] = "250",
            ["LAKEPLANE_JOBS_OUTPUT_LIMIT_BYTES"] = OutputLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    public override async Task InitializeAsync()
    {
        var chromium = System.Environment.GetEnvironmentVariable("LAKEPLANE_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new FileNotFoundException($"No Chromium at {chromium}: run `bash tests/scripts/chromium.sh` (make test does), or set LAKEPLANE_CHROMIUM.", chromium);
        }
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh temporary --user-data-dir; no browser is downloaded: the system one runs.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArguments,
            Timeout = 60_000,
        });
    }

    /// <summary>One single-node cluster of the workspace, RUNNING, shared by the tests that need somewhere to run (jobs).</summary>
    public Task<Lakeplane.Protos.V1.Cluster> RunningClusterAsync()
    {
        lock (this)
        {
            return _runningCluster ??= StartClusterAsync();
        }
    }

    private async Task<Lakeplane.Protos.V1.Cluster> StartClusterAsync()
    {
        var clusters = Connect().Clusters;
        var created = await clusters.CreateClusterAsync(new Lakeplane.Protos.V1.CreateClusterRequest
        {
            WorkspaceId = WorkspaceId, ClusterName = "web-shared", SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 0,
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var cluster = await clusters.GetClusterAsync(new Lakeplane.Protos.V1.GetClusterRequest { WorkspaceId = WorkspaceId, ClusterId = created.ClusterId });
            if (cluster.State == "RUNNING")
            {
                return cluster;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Cluster {cluster.ClusterId} stayed {cluster.State}: {cluster.StateMessage}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A new browser session (its own cookie jar) that has signed in through the sign-in page with <paramref name="token"/>.</summary>
    public async Task<BrowserSession> SignedInAsync(string? token = null)
    {
        var session = await OpenAsync();
        await session.SignInAsync(token ?? AdminToken);
        return session;
    }

    /// <summary>A new browser session, not signed in.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            TimezoneId = "Europe/Paris",
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(this, context, await context.NewPageAsync());
    }

    public override async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }
            _playwright?.Dispose();
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
