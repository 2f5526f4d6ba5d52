using System.Globalization;
using Lakeplane.Daemon.Compute;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// How the cluster manager runs, from the environment (LAKEPLANE_*) or the "Lakeplane" section of appsettings.json.
/// </summary>
/// <param name="ComputeDriver">local (nodes are processes of this machine) or ec2.</param>
/// <param name="NodeAgentPath">The node agent executable (or .dll, started with dotnet) that local nodes run.</param>
/// <param name="HeartbeatInterval">How often a node reports to the daemon.</param>
/// <param name="NodeTimeout">A registered node silent this long is lost; a launched node that has not registered in
/// twice this time is lost too.</param>
/// <param name="MinuteLength">How long one minute of autotermination_minutes (and of the autoscaler's scale-down delay)
/// lasts. 60 s; tests shorten it so that the Databricks rule "0 or 10..10000 minutes" can stay as it is.</param>
/// <param name="ReconcileInterval">How often the reconciler looks without being woken.</param>
/// <param name="MaxCores">Cores the compute driver may hand out in total (local: what this machine may be loaded
/// with); a create or resize beyond it is refused, naming the size field.</param>
public sealed record ClusterSettings(
    string ComputeDriver,
    string NodeAgentPath,
    TimeSpan HeartbeatInterval,
    TimeSpan NodeTimeout,
    TimeSpan MinuteLength,
    TimeSpan ReconcileInterval,
    double MaxCores,
    IReadOnlyList<NodeTypeSpec> NodeTypes,
    IReadOnlyList<SparkVersionSpec> SparkVersions)
{
    public static ClusterSettings Resolve(IConfiguration configuration)
    {
        var section = configuration.GetSection("Lakeplane");
        var lookup = LakeplaneSetting.From(configuration);
        string? Pick(string variable, string key) => lookup(variable, key);

        var driver = Pick("LAKEPLANE_COMPUTE_DRIVER", "ComputeDriver") ?? "local";
        if (driver is not ("local" or "ec2"))
        {
            throw new ArgumentException($"LAKEPLANE_COMPUTE_DRIVER '{driver}' is not a compute driver of this lakeplaned: use local or ec2.");
        }
        var nodeTypes = section.GetSection("NodeTypes").GetChildren().Select(ReadNodeType).ToList();
        return new ClusterSettings(
            driver,
            Pick("LAKEPLANE_NODE_AGENT", "NodeAgent") ?? DefaultNodeAgentPath(),
            Milliseconds(Pick("LAKEPLANE_NODE_HEARTBEAT_MS", "NodeHeartbeatMs"), "LAKEPLANE_NODE_HEARTBEAT_MS", 1000),
            Milliseconds(Pick("LAKEPLANE_NODE_TIMEOUT_MS", "NodeTimeoutMs"), "LAKEPLANE_NODE_TIMEOUT_MS", 15000),
            Milliseconds(Pick("LAKEPLANE_CLUSTER_MINUTE_MS", "ClusterMinuteMs"), "LAKEPLANE_CLUSTER_MINUTE_MS", 60000),
            Milliseconds(Pick("LAKEPLANE_CLUSTER_RECONCILE_MS", "ClusterReconcileMs"), "LAKEPLANE_CLUSTER_RECONCILE_MS", 1000),
            Cores(Pick("LAKEPLANE_COMPUTE_MAX_CORES", "ComputeMaxCores")),
            nodeTypes.Count > 0 ? nodeTypes : NodeTypeCatalogue.Defaults,
            SparkVersionCatalogue.Defaults);
    }

    /// <summary>Next to lakeplaned: bin/lakeplane-node-agent as `make build` publishes it, else the build output's .dll.</summary>
    private static string DefaultNodeAgentPath()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "lakeplane-node-agent");
        return File.Exists(executable) ? executable : Path.Combine(AppContext.BaseDirectory, "lakeplane-node-agent.dll");
    }

    private static NodeTypeSpec ReadNodeType(IConfigurationSection entry)
    {
        var id = entry["NodeTypeId"] ?? throw new ArgumentException($"Lakeplane:NodeTypes:{entry.Key} has no NodeTypeId.");
        if (!double.TryParse(entry["NumCores"], NumberStyles.Float, CultureInfo.InvariantCulture, out var cores) || cores <= 0)
        {
            throw new ArgumentException($"Lakeplane:NodeTypes:{entry.Key} ({id}) needs NumCores, a positive number.");
        }
        if (!long.TryParse(entry["MemoryMb"], NumberStyles.None, CultureInfo.InvariantCulture, out var memory) || memory <= 0)
        {
            throw new ArgumentException($"Lakeplane:NodeTypes:{entry.Key} ({id}) needs MemoryMb, a positive whole number.");
        }
        return new NodeTypeSpec(id, cores, memory, entry["Description"] ?? id, entry["InstanceTypeId"] ?? id, entry["Category"] ?? "General Purpose");
    }

    internal static TimeSpan Milliseconds(string? text, string name, int fallback)
    {
        if (text is null)
        {
            return TimeSpan.FromMilliseconds(fallback);
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromMilliseconds(value)
            : throw new ArgumentException($"{name} '{text}' is not a positive whole number.");
    }

    private static double Cores(string? text)
    {
        if (text is null)
        {
            return 512;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"LAKEPLANE_COMPUTE_MAX_CORES '{text}' is not a positive number of cores.");
    }

}
