using System.Diagnostics;
using System.Globalization;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Compute;

/// <summary>
/// Compute driver <c>local</c>: every node is a process of the node agent on this machine, in its own session
/// (setsid) so it outlives the daemon, with <c>--cluster-id</c> and <c>--node-id</c> on its command line so an operator
/// sees them in ps and a restarted daemon finds it again. Nodes it owns are those whose node directory lies under
/// the compute directory (&lt;compute-dir&gt;/nodes/&lt;node-id&gt;, which also holds the node's log and work queue):
/// replicas on one host given the same LAKEPLANE_COMPUTE_DIR find and adopt each other's nodes.
/// </summary>
public sealed class LocalComputeDriver(DaemonSettings daemon, ClusterSettings settings, ILogger<LocalComputeDriver> logger) : IComputeDriver
{
    private const string InstancePrefix = "local-";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private static readonly object EndpointFileLock = new();

    private readonly string _nodesRoot = Path.Combine(LocalComputeDirectory.Resolve(daemon), "nodes");
    private readonly string _endpointFile = Path.Combine(LocalComputeDirectory.Resolve(daemon), "endpoint");

    public string Name => "local";

    /// <summary>Adds this replica to the endpoint file (the live replicas' list is written by <see cref="PublishEndpoints"/>
    /// once this replica is in the store): nodes it adopts from a dead replica report to it at once.</summary>
    public Task AttachAsync(string daemonUrl, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_nodesRoot);
        var listed = File.Exists(_endpointFile) ? File.ReadAllLines(_endpointFile).Where(line => line.Trim().Length > 0).ToList() : [];
        PublishEndpoints([daemonUrl, .. listed.Where(url => url != daemonUrl)]);
        return Task.CompletedTask;
    }

    /// <summary>Writes the URLs every node on this host may report to, one per line, when they changed.</summary>
    public void PublishEndpoints(IReadOnlyList<string> urls)
    {
        var text = string.Join('\n', urls) + "\n";
        lock (EndpointFileLock)
        {
            if (File.Exists(_endpointFile) && File.ReadAllText(_endpointFile) == text)
            {
                return;
            }
            // Atomically: a node reading it mid-write must see the old list or the new one, never half of one. Each replica
            // has a temporary file of its own, since replicas sharing the compute directory may write at the same time.
            var temporary = _endpointFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, _endpointFile, overwrite: true);
        }
    }

    public Task<LaunchedNode> LaunchAsync(NodeLaunchSpec spec, CancellationToken cancellationToken)
    {
        var nodeDirectory = Path.Combine(_nodesRoot, spec.NodeId);
        Directory.CreateDirectory(Path.Combine(nodeDirectory, "queue"));
        Directory.CreateDirectory(Path.Combine(nodeDirectory, "running"));
        // sh redirects the agent's output to its log and execs setsid, which (the child not being a group leader)
        // execs the agent: one pid from here on, in a session of its own, holding none of the daemon's descriptors,
        // so neither the daemon's exit nor its stdout pipe closing takes the node down.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$0\" \"$@\" </dev/null >>\"$LAKEPLANE_NODE_LOG\" 2>&1");
        if (settings.NodeAgentPath.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(settings.NodeAgentPath);
        foreach (var argument in new[] { "--cluster-id", spec.ClusterId, "--node-id", spec.NodeId, "--role", spec.Role.ToString().ToLowerInvariant(), "--node-dir", nodeDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing of the daemon's own configuration reaches a node (LAKEPLANE_POSTGRES may hold a password).
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("LAKEPLANE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in spec.SparkEnvVars)
        {
            start.Environment[name] = value;
        }
        start.Environment["LAKEPLANE_NODE_SECRET"] = spec.NodeSecret;
        start.Environment["LAKEPLANE_NODE_ENDPOINT_FILE"] = _endpointFile;
        start.Environment["LAKEPLANE_NODE_HEARTBEAT_MS"] = ((int)settings.HeartbeatInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        start.Environment["LAKEPLANE_NODE_LOG"] = Path.Combine(nodeDirectory, "agent.log");
        start.Environment["LAKEPLANE_NODE_CORES"] = spec.NodeType.NumCores.ToString(CultureInfo.InvariantCulture);
        start.Environment["LAKEPLANE_NODE_MEMORY_MB"] = spec.NodeType.MemoryMb.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The node agent did not start.");
        var pid = process.Id;
        // Reaps the node when it exits while this daemon runs (it is our child until then).
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
        var entry = LocalProcessTable.Read(pid)
                    ?? throw new InvalidOperationException($"The node agent {settings.NodeAgentPath} exited at once: see {Path.Combine(nodeDirectory, "agent.log")}.");
        logger.LogInformation("Launched {Role} node {NodeId} of cluster {ClusterId} as pid {Pid}", spec.Role, spec.NodeId, spec.ClusterId, pid);
        return Task.FromResult(new LaunchedNode(InstanceId(pid, entry.StartTicks), "127.0.0.1", DateTimeOffset.UtcNow));
    }

    public Task<IReadOnlyList<OwnedNode>> ListOwnedAsync(CancellationToken cancellationToken)
    {
        var owned = new List<OwnedNode>();
        foreach (var process in LocalProcessTable.Enumerate())
        {
            if (Describe(process) is { } node)
            {
                owned.Add(node);
            }
        }
        return Task.FromResult<IReadOnlyList<OwnedNode>>(owned);
    }

    public Task<OwnedNode?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!TryParse(instanceId, out var pid, out var startTicks))
        {
            return Task.FromResult<OwnedNode?>(null);
        }
        var process = LocalProcessTable.Read(pid);
        return Task.FromResult(process is not null && process.StartTicks == startTicks ? Describe(process) : null);
    }

    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (TryParse(instanceId, out var pid, out var startTicks))
        {
            await LocalProcessTable.StopAsync(pid, startTicks, StopGrace, cancellationToken);
        }
    }

    /// <summary>A node of this daemon (or of a replica sharing its compute directory) when its --node-dir lies under the node root.</summary>
    private OwnedNode? Describe(LocalProcessTable.ProcessEntry process)
    {
        string? Argument(string flag)
        {
            var at = IndexOf(process.Arguments, flag);
            return at >= 0 && at + 1 < process.Arguments.Count ? process.Arguments[at + 1] : null;
        }
        var nodeDirectory = Argument("--node-dir");
        var clusterId = Argument("--cluster-id");
        var nodeId = Argument("--node-id");
        if (nodeDirectory is null || clusterId is null || nodeId is null
            || !string.Equals(Path.GetDirectoryName(nodeDirectory), _nodesRoot, StringComparison.Ordinal))
        {
            return null;
        }
        return new OwnedNode(InstanceId(process.Pid, process.StartTicks), clusterId, nodeId, "127.0.0.1");
    }

    private static int IndexOf(IReadOnlyList<string> arguments, string value)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static string InstanceId(int pid, long startTicks) =>
        InstancePrefix + pid.ToString(CultureInfo.InvariantCulture) + "-" + startTicks.ToString(CultureInfo.InvariantCulture);

    private static bool TryParse(string instanceId, out int pid, out long startTicks)
    {
        pid = 0;
        startTicks = 0;
        if (!instanceId.StartsWith(InstancePrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = instanceId[InstancePrefix.Length..].Split('-');
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out pid)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks);
    }
}
