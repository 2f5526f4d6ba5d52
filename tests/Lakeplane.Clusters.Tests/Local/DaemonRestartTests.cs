using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Local;

/// <summary>
/// The daemon stops (SIGTERM) or dies (SIGKILL) while clusters run: the nodes live on in their own sessions, and the
/// restarted daemon (on another port) re-adopts them — the same processes, none added, none orphaned — and
/// terminates nodes nobody wants. Each test has its own daemon, since it restarts it. Run on both stores (the classes
/// at the end).
/// </summary>
public abstract class DaemonRestartTests<TDaemon> : IAsyncLifetime
    where TDaemon : ClusterDaemonFixture, new()
{
    private readonly TDaemon _daemon = new();

    public Task InitializeAsync() => _daemon.InitializeAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [Fact]
    public Task GracefulStop_RestartReadoptsRunningNodes() => ReadoptsAfterAsync(() => _daemon.RestartDaemonAsync(kill: false));

    [Fact]
    public Task Sigkill_RestartReadoptsRunningNodes() => ReadoptsAfterAsync(() => _daemon.RestartDaemonAsync(kill: true));

    [Fact]
    public async Task NodeThatDiedWhileTheDaemonWasDown_IsReplacedAfterRestart()
    {
        var created = await _daemon.Clusters.CreateClusterAsync(_daemon.NewCluster(numWorkers: 1));
        await _daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var nodes = await _daemon.WaitForProcessesAsync(created.ClusterId, 2);

        await _daemon.Daemon.KillAsync();
        // While the daemon is down a worker dies: the restarted daemon must notice and replace it.
        var worker = nodes.Single(n => n.Role == "worker");
        System.Diagnostics.Process.GetProcessById(worker.Pid).Kill();
        await _daemon.RestartDaemonAsync(kill: true);

        var recovered = await _daemon.WaitForAsync(created.ClusterId,
            c => c.State == "RUNNING" && c.Executors.Count == 1 && c.Executors[0].NodeId != worker.NodeId && c.Executors[0].State == "RUNNING", what: "a replaced worker");
        Assert.Equal(nodes.Single(n => n.Role == "driver").NodeId, recovered.Driver.NodeId);
        Assert.Contains(await _daemon.EventsAsync(created.ClusterId), e => e.Type == "NODES_LOST" && e.Details.NodeIds.Contains(worker.NodeId));

        await _daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = _daemon.WorkspaceId, ClusterId = created.ClusterId });
        await _daemon.WaitForStateAsync(created.ClusterId, "TERMINATED");
        await _daemon.WaitForProcessesAsync(created.ClusterId, 0);
    }

    private async Task ReadoptsAfterAsync(Func<Task> restart)
    {
        var created = await _daemon.Clusters.CreateClusterAsync(_daemon.NewCluster(numWorkers: 2));
        await _daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var before = await _daemon.WaitForProcessesAsync(created.ClusterId, 3);
        var eventsBefore = (await _daemon.EventsAsync(created.ClusterId)).Count;

        await restart();

        // Several reconcile rounds and heartbeats later, the same three processes and nothing else.
        var readopted = await _daemon.WaitForAsync(created.ClusterId,
            c => c.State == "RUNNING" && c.Driver?.State == "RUNNING" && c.Executors.All(e => e.State == "RUNNING"), what: "its nodes reporting again");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = NodeProcesses.OfCluster(_daemon.DataDirectory, created.ClusterId);
        Assert.Equal(before.Select(p => (p.Pid, p.NodeId)).Order(), after.Select(p => (p.Pid, p.NodeId)).Order());
        Assert.Equal(before.Select(p => p.NodeId).Order(), new[] { readopted.Driver.NodeId }.Concat(readopted.Executors.Select(e => e.NodeId)).Order());
        Assert.Equal(3, NodeProcesses.Under(_daemon.DataDirectory).Count);
        Assert.Equal(eventsBefore, (await _daemon.EventsAsync(created.ClusterId)).Count);

        await _daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = _daemon.WorkspaceId, ClusterId = created.ClusterId });
        await _daemon.WaitForStateAsync(created.ClusterId, "TERMINATED");
        Assert.Empty(NodeProcesses.Under(_daemon.DataDirectory));
    }
}

public sealed class DaemonRestartTestsOnSqlite : DaemonRestartTests<ClusterDaemonFixture>;

public sealed class DaemonRestartTestsOnPostgres : DaemonRestartTests<PostgresClusterDaemonFixture>;
