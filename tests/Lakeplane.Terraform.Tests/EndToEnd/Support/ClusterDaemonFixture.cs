using System.Globalization;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// A lakeplaned of its own for the cluster end-to-end tests, with the local compute driver: its
/// nodes are real node agent processes. A cluster "minute" lasts <see cref="MinuteMilliseconds"/>,
/// so that autotermination_minutes = 10 (the least Databricks allows) terminates an idle cluster
/// within seconds; nodes heartbeat quickly so that clusters reach RUNNING without idle waits.
/// Whatever a failed test left running is killed when the class is done.
/// </summary>
public sealed class ClusterDaemonFixture : IAsyncLifetime
{
    public const int MinuteMilliseconds = 300;

    private DaemonProcess? _daemon;

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("lakeplaned not started");

    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartAsync(new Dictionary<string, string>
        {
            ["LAKEPLANE_CLUSTER_MINUTE_MS"] = MinuteMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["LAKEPLANE_NODE_HEARTBEAT_MS"] = "250",
        });

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            var dataDirectory = _daemon.DataDirectory;
            // After the daemon, which would otherwise replace the nodes killed here.
            await _daemon.DisposeAsync();
            NodeProcesses.KillUnder(dataDirectory);
        }
    }
}
