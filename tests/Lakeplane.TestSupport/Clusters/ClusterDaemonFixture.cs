using System.Globalization;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Support;

/// <summary>
/// A lakeplaned whose local compute runs real node agents, with a RUNNING workspace to put clusters in. Times are
/// short so the suite is quick: heartbeats every 200 ms, a node lost after 10 s of silence (a killed node is seen at once: its process is gone), and one "minute" of
/// autotermination_minutes (and of the autoscaler's scale-down delay) lasting <see cref="MinuteMilliseconds"/>.
/// Disposing kills every node agent of this data directory, whatever the test left behind.
/// </summary>
public class ClusterDaemonFixture : DaemonFixture
{
    public const int MinuteMilliseconds = 300;

    public Workspace Workspace { get; private set; } = null!;

    public LakeplaneConnection Lakeplane { get; private set; } = null!;

    public ClustersService.ClustersServiceClient Clusters => Lakeplane.Clusters;

    public long WorkspaceId => Workspace.WorkspaceId;

    /// <summary>How long a registered node may stay silent before it counts as lost (LAKEPLANE_NODE_TIMEOUT_MS).</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(10);

    protected override IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>
            {
                ["LAKEPLANE_NODE_AGENT"] = NodeAgentBinary.Locate(),
                ["LAKEPLANE_NODE_HEARTBEAT_MS"] = "200",
                ["LAKEPLANE_NODE_TIMEOUT_MS"] = ((int)NodeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                ["LAKEPLANE_CLUSTER_RECONCILE_MS"] = "250",
                ["LAKEPLANE_CLUSTER_MINUTE_MS"] = MinuteMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["LAKEPLANE_PROVISION_DELAY_MS"] = "50",
            };
            foreach (var (name, value) in ExtraEnvironment)
            {
                environment[name] = value;
            }
            return environment;
        }
    }

    /// <summary>Store or compute driver settings of a subclass; none: SQLite in the data directory, the local driver.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>();

    /// <summary>Whether the fixture's workspace has a customer-managed network (subnets and security groups).</summary>
    protected virtual bool WorkspaceWithNetwork => false;

    public override async Task InitializeAsync()
    {
        try
        {
            await base.InitializeAsync();
            Lakeplane = Connect();
            var workspace = await CreateWorkspaceAsync();
            Workspace = await Fixtures.SettledAsync(Lakeplane, workspace.WorkspaceId);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The fixture's workspace, not yet settled; a subclass whose storage must exist first (s3) makes its own.</summary>
    protected virtual Task<Workspace> CreateWorkspaceAsync() => Fixtures.WorkspaceAsync(Lakeplane, withNetwork: WorkspaceWithNetwork);

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            NodeProcesses.KillAll(DataDirectory);
        }
    }

    /// <summary>Stops the daemon (SIGTERM, or SIGKILL when <paramref name="kill"/>) and starts it again on the same data;
    /// it listens on a new port, so the client is made again.</summary>
    public async Task RestartDaemonAsync(bool kill)
    {
        if (kill)
        {
            await CrashAndRestartAsync();
        }
        else
        {
            await RestartAsync();
        }
        Lakeplane = Connect();
    }

    /// <summary>A client of the workspace's clusters REST API with the admin token and the workspace header.</summary>
    public HttpClient WorkspaceHttp(string? token = null)
    {
        var client = Http(token);
        client.DefaultRequestHeaders.Add("X-Databricks-Org-Id", WorkspaceId.ToString(CultureInfo.InvariantCulture));
        return client;
    }

    public CreateClusterRequest NewCluster(int? numWorkers = 2, AutoScale? autoscale = null, int autoterminationMinutes = 0)
    {
        var request = new CreateClusterRequest
        {
            WorkspaceId = WorkspaceId,
            ClusterName = Unique.Name("cluster"),
            SparkVersion = "15.4.x-scala2.12",
            NodeTypeId = "m5.large",
            Autoscale = autoscale,
            AutoterminationMinutes = autoterminationMinutes,
            RequestId = Unique.RequestId(),
        };
        if (numWorkers is not null)
        {
            request.NumWorkers = numWorkers.Value;
        }
        return request;
    }

    public async Task<Cluster> GetAsync(string clusterId) =>
        await Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = WorkspaceId, ClusterId = clusterId });

    /// <summary>Polls the cluster until <paramref name="done"/> holds; fails with the last state seen.</summary>
    public async Task<Cluster> WaitForAsync(string clusterId, Func<Cluster, bool> done, TimeSpan? timeout = null, string what = "")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            var cluster = await GetAsync(clusterId);
            if (done(cluster))
            {
                return cluster;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Cluster {clusterId} never got {what}: it is {cluster.State} ({cluster.StateMessage}), " +
                            $"{cluster.Executors.Count} executors, processes {NodeProcesses.OfCluster(DataDirectory, clusterId).Count}.\n{Daemon.Stderr}");
            }
            await Task.Delay(100);
        }
    }

    public Task<Cluster> WaitForStateAsync(string clusterId, string state, TimeSpan? timeout = null) =>
        WaitForAsync(clusterId, c => c.State == state, timeout, "to " + state);

    /// <summary>Waits until the node agent processes of the cluster are exactly <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<NodeProcesses.NodeProcess>> WaitForProcessesAsync(string clusterId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var processes = NodeProcesses.OfCluster(DataDirectory, clusterId);
            if (processes.Count == count)
            {
                return processes;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Cluster {clusterId} has {processes.Count} node processes, not {count}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the cluster's event log holds an event matching <paramref name="match"/>; returns the log.</summary>
    public async Task<IReadOnlyList<ClusterEvent>> WaitForEventAsync(string clusterId, Func<ClusterEvent, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var events = await EventsAsync(clusterId);
            if (events.Any(match))
            {
                return events;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Cluster {clusterId} never recorded {what}: its events are {string.Join(", ", events.Select(e => e.Type))}.");
            }
            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<ClusterEvent>> EventsAsync(string clusterId) =>
        (await Clusters.ListClusterEventsAsync(new ListClusterEventsRequest { WorkspaceId = WorkspaceId, ClusterId = clusterId, Order = "ASC", Limit = 500 })).Events;
}
