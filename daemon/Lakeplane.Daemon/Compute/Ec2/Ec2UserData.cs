using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>
/// The script an ec2 node runs at first boot (cloud-init runs user data as root): it writes the daemon's URL where the
/// agent reads it, and starts the node agent the AMI carries at /opt/lakeplane/bin/lakeplane-node-agent, with the
/// cluster and node ids on its command line (so they show in ps) and its secret only in its environment. The secret
/// is in the user data because nothing else reaches the instance before it has an identity; it never goes into tags,
/// which every principal with ec2:DescribeTags can read, nor into lakeplaned's logs.
/// LAKEPLANE_HOME and LAKEPLANE_NODE_AGENT may be preset by the image (or a test) to move the agent's files and binary.
/// </summary>
public static partial class Ec2UserData
{
    public const string AgentPath = "/opt/lakeplane/bin/lakeplane-node-agent";
    public const string Home = "/var/lib/lakeplane";

    public static string Script(NodeLaunchSpec spec, string daemonUrl, TimeSpan heartbeatInterval)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append(CultureInfo.InvariantCulture, $"# Lakeplane {spec.Role.ToString().ToLowerInvariant()} node {spec.NodeId} of cluster {spec.ClusterId}\n");
        script.Append("set -eu\n");
        script.Append(CultureInfo.InvariantCulture, $"LAKEPLANE_HOME=\"${{LAKEPLANE_HOME:-{Home}}}\"\n");
        script.Append(CultureInfo.InvariantCulture, $"LAKEPLANE_NODE_AGENT=\"${{LAKEPLANE_NODE_AGENT:-{AgentPath}}}\"\n");
        script.Append("umask 077\n");
        script.Append("mkdir -p \"$LAKEPLANE_HOME/node/queue\" \"$LAKEPLANE_HOME/node/running\"\n");
        script.Append(CultureInfo.InvariantCulture, $"printf '%s\\n' {Quote(daemonUrl)} > \"$LAKEPLANE_HOME/endpoint\"\n");
        script.Append("export LAKEPLANE_NODE_ENDPOINT_FILE=\"$LAKEPLANE_HOME/endpoint\"\n");
        Export(script, "LAKEPLANE_NODE_HEARTBEAT_MS", ((int)heartbeatInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Export(script, "LAKEPLANE_NODE_CORES", spec.NodeType.NumCores.ToString(CultureInfo.InvariantCulture));
        Export(script, "LAKEPLANE_NODE_MEMORY_MB", spec.NodeType.MemoryMb.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in spec.SparkEnvVars)
        {
            if (!VariableName().IsMatch(name))
            {
                throw new ComputeDriverException($"spark_env_vars.{name} is not an environment variable name.");
            }
            Export(script, name, value);
        }
        Export(script, "LAKEPLANE_NODE_SECRET", spec.NodeSecret);
        // In a session of its own and in the background: cloud-init's boot finishes, the agent runs on.
        script.Append(CultureInfo.InvariantCulture,
            $"setsid \"$LAKEPLANE_NODE_AGENT\" --cluster-id {Quote(spec.ClusterId)} --node-id {Quote(spec.NodeId)} --role {spec.Role.ToString().ToLowerInvariant()} --node-dir \"$LAKEPLANE_HOME/node\" </dev/null >>\"$LAKEPLANE_HOME/agent.log\" 2>&1 &\n");
        return script.ToString();
    }

    private static void Export(StringBuilder script, string name, string value) =>
        script.Append(CultureInfo.InvariantCulture, $"export {name}={Quote(value)}\n");

    /// <summary>A shell word that is exactly <paramref name="value"/>: single quotes, each ' written as '\''.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
