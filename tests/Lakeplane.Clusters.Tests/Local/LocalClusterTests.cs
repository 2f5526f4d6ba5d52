using System.Globalization;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Local;

/// <summary>Clusters of real node agent processes on one shared lakeplaned: start, lose a node, resize, autoscale,
/// auto-terminate, terminate. Every test makes its own cluster. Run on both stores (the classes at the end).</summary>
public abstract class LocalClusterTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : ClusterDaemonFixture
{
    [Fact]
    public async Task TwoWorkerCluster_RunsThreeNodeAgentProcesses_AndTerminateLeavesNone()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 2));
        Assert.Equal("PENDING", created.State);

        var running = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var processes = await daemon.WaitForProcessesAsync(created.ClusterId, 3);
        Assert.Single(processes, p => p.Role == "driver");
        Assert.Equal(2, processes.Count(p => p.Role == "worker"));
        // What the API reports is what runs: the same node ids, and pid and start time in the instance id.
        Assert.Equal(processes.Select(p => p.NodeId).Order(), new[] { running.Driver.NodeId }.Concat(running.Executors.Select(e => e.NodeId)).Order());
        foreach (var node in new[] { running.Driver }.Concat(running.Executors))
        {
            Assert.StartsWith($"local-{processes.Single(p => p.NodeId == node.NodeId).Pid.ToString(CultureInfo.InvariantCulture)}-", node.InstanceId);
            Assert.Equal("RUNNING", node.State);
        }
        Assert.Equal(6, running.ClusterCores);

        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        var terminated = await daemon.WaitForStateAsync(created.ClusterId, "TERMINATED");
        Assert.Equal("USER_REQUEST", terminated.TerminationReason.Code);
        Assert.Empty(NodeProcesses.OfCluster(daemon.DataDirectory, created.ClusterId));
        Assert.Null(terminated.Driver);
        var types = (await daemon.EventsAsync(created.ClusterId)).Select(e => e.Type).ToList();
        Assert.Equal(["CREATING", "RUNNING", "DRIVER_HEALTHY", "TERMINATING"], types);
    }

    [Fact]
    public async Task KilledWorkerProcess_IsReplaced_AndRecordedAsNodesLost()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 2));
        await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var before = await daemon.WaitForProcessesAsync(created.ClusterId, 3);
        var victim = before.First(p => p.Role == "worker");

        System.Diagnostics.Process.GetProcessById(victim.Pid).Kill();

        var recovered = await daemon.WaitForAsync(created.ClusterId,
            c => c.Executors.Count == 2 && c.Executors.All(e => e.NodeId != victim.NodeId && e.State == "RUNNING"), what: "a replacement worker");
        Assert.Equal("RUNNING", recovered.State);
        var after = await daemon.WaitForProcessesAsync(created.ClusterId, 3);
        Assert.DoesNotContain(after, p => p.NodeId == victim.NodeId);
        Assert.Contains(after, p => p.NodeId == before.Single(b => b.Role == "driver").NodeId);
        var events = await daemon.WaitForEventAsync(created.ClusterId, e => e.Type == "UPSIZE_COMPLETED" && e.Details.Cause == "AUTORECOVERY", "the replacement");
        var lost = Assert.Single(events, e => e.Type == "NODES_LOST");
        Assert.Equal([victim.NodeId], lost.Details.NodeIds);
        Assert.Contains("process exited", lost.Details.Message, StringComparison.Ordinal);

        await TerminateAsync(created.ClusterId);
    }

    [Fact]
    public async Task HungWorkerWhoseHeartbeatsStop_IsDetectedAsLost_AndReplaced()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var before = await daemon.WaitForProcessesAsync(created.ClusterId, 2);
        var hung = before.Single(p => p.Role == "worker");

        // SIGSTOP: the process stays alive (the driver still lists it) but sends nothing, as a node stuck in a GC
        // pause or on a dead disk would. Only the heartbeat timeout can find it.
        NodeProcesses.Suspend(hung.Pid);

        var recovered = await daemon.WaitForAsync(created.ClusterId,
            c => c.State == "RUNNING" && c.Executors.Count == 1 && c.Executors[0].NodeId != hung.NodeId && c.Executors[0].State == "RUNNING",
            ClusterDaemonFixture.NodeTimeout + TimeSpan.FromSeconds(30), "a replacement for the hung worker");
        var events = await daemon.WaitForEventAsync(created.ClusterId, e => e.Type == "UPSIZE_COMPLETED" && e.Details.Cause == "AUTORECOVERY", "the replacement");
        var lost = Assert.Single(events, e => e.Type == "NODES_LOST");
        Assert.Equal([hung.NodeId], lost.Details.NodeIds);
        Assert.Contains("sent no heartbeat", lost.Details.Message, StringComparison.Ordinal);
        // The hung process was terminated, not left running beside its replacement.
        var after = await daemon.WaitForProcessesAsync(created.ClusterId, 2);
        Assert.DoesNotContain(after, p => p.Pid == hung.Pid);
        Assert.Contains(after, p => p.NodeId == recovered.Executors[0].NodeId);

        await TerminateAsync(created.ClusterId);
    }

    [Fact]
    public async Task Resize_AddsAndRemovesWorkerProcesses()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        await daemon.WaitForProcessesAsync(created.ClusterId, 2);

        var resizing = await daemon.Clusters.ResizeClusterAsync(new ResizeClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId, NumWorkers = 3 });
        Assert.Equal("RESIZING", resizing.State);
        var grown = await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Executors.Count == 3, what: "3 workers");
        Assert.Equal(3, grown.NumWorkers);
        await daemon.WaitForProcessesAsync(created.ClusterId, 4);

        await daemon.Clusters.ResizeClusterAsync(new ResizeClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId, NumWorkers = 1 });
        await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Executors.Count == 1, what: "1 worker");
        await daemon.WaitForProcessesAsync(created.ClusterId, 2);

        var types = (await daemon.EventsAsync(created.ClusterId)).Select(e => e.Type).ToList();
        Assert.Equal(2, types.Count(t => t == "RESIZING"));
        Assert.Equal(2, types.Count(t => t == "UPSIZE_COMPLETED"));
        await TerminateAsync(created.ClusterId);
    }

    [Fact]
    public async Task Autoscaling_FollowsThePendingWorkTheDriverReports()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: null, autoscale: new AutoScale { MinWorkers = 1, MaxWorkers = 3 }));
        var running = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        Assert.Single(running.Executors);
        Assert.False(running.HasNumWorkers);

        // 8 pending tasks on 2-core workers want 4 workers: capped at max_workers 3.
        var queue = Path.Combine(daemon.DataDirectory, "compute", "nodes", running.Driver.NodeId, "queue");
        for (var i = 0; i < 8; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(queue, $"task-{i}"), "");
        }
        var scaledUp = await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Executors.Count == 3, what: "3 workers under load");
        Assert.Equal(3, scaledUp.TargetNumWorkers);
        await daemon.WaitForProcessesAsync(created.ClusterId, 4);

        foreach (var task in Directory.GetFiles(queue))
        {
            File.Delete(task);
        }
        await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Executors.Count == 1, what: "back to min_workers once idle");
        await daemon.WaitForProcessesAsync(created.ClusterId, 2);
        var resizes = (await daemon.EventsAsync(created.ClusterId)).Where(e => e.Type == "RESIZING").ToList();
        Assert.Equal([3, 1], resizes.Select(e => e.Details.TargetNumWorkers));
        Assert.All(resizes, e => Assert.Equal("AUTOSCALE", e.Details.Cause));
        await TerminateAsync(created.ClusterId);
    }

    [Fact]
    public async Task IdleCluster_IsAutoTerminatedForInactivity_AndBusyOneIsNot()
    {
        var idle = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1, autoterminationMinutes: 10));
        var busy = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 0, autoterminationMinutes: 10));
        var busyRunning = await daemon.WaitForStateAsync(busy.ClusterId, "RUNNING");
        await File.WriteAllTextAsync(Path.Combine(daemon.DataDirectory, "compute", "nodes", busyRunning.Driver.NodeId, "running", "task"), "");

        // 10 "minutes" of ClusterDaemonFixture.MinuteMilliseconds each.
        var terminated = await daemon.WaitForStateAsync(idle.ClusterId, "TERMINATED", TimeSpan.FromSeconds(60));
        Assert.Equal("INACTIVITY", terminated.TerminationReason.Code);
        Assert.Equal("10", terminated.TerminationReason.Parameters["inactivity_duration_min"]);
        Assert.Empty(NodeProcesses.OfCluster(daemon.DataDirectory, idle.ClusterId));
        var terminating = Assert.Single(await daemon.EventsAsync(idle.ClusterId), e => e.Type == "TERMINATING");
        Assert.Equal("INACTIVITY", terminating.Details.Reason.Code);

        Assert.Equal("RUNNING", (await daemon.GetAsync(busy.ClusterId)).State);
        await TerminateAsync(busy.ClusterId);
    }

    [Fact]
    public async Task TerminatedCluster_StartsAgainOnNewNodes_AndPermanentDeleteRemovesIt()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        var first = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        await TerminateAsync(created.ClusterId);

        var starting = await daemon.Clusters.StartClusterAsync(new StartClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        Assert.Equal("PENDING", starting.State);
        var second = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        Assert.NotEqual(first.Driver.NodeId, second.Driver.NodeId);
        Assert.Null(second.TerminationReason);
        await daemon.WaitForProcessesAsync(created.ClusterId, 2);

        await daemon.Clusters.PermanentDeleteClusterAsync(new PermanentDeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        await daemon.WaitForProcessesAsync(created.ClusterId, 0);
        await Expect.RpcErrorAsync(Grpc.Core.StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "cluster_id",
            () => daemon.Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId }));
    }

    [Fact]
    public async Task Restart_ReplacesEveryNode()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var before = await daemon.WaitForProcessesAsync(created.ClusterId, 2);

        var restarting = await daemon.Clusters.RestartClusterAsync(new RestartClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        Assert.Equal("RESTARTING", restarting.State);
        await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Driver.NodeId != before.Single(p => p.Role == "driver").NodeId, what: "a new driver");
        var after = await daemon.WaitForProcessesAsync(created.ClusterId, 2);
        Assert.Empty(after.Select(p => p.NodeId).Intersect(before.Select(p => p.NodeId)));
        await TerminateAsync(created.ClusterId);
    }

    private async Task TerminateAsync(string clusterId)
    {
        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = clusterId });
        await daemon.WaitForStateAsync(clusterId, "TERMINATED");
        Assert.Empty(NodeProcesses.OfCluster(daemon.DataDirectory, clusterId));
    }
}

public sealed class LocalClusterTestsOnSqlite(ClusterDaemonFixture daemon) : LocalClusterTests<ClusterDaemonFixture>(daemon);

public sealed class LocalClusterTestsOnPostgres(PostgresClusterDaemonFixture daemon) : LocalClusterTests<PostgresClusterDaemonFixture>(daemon);
