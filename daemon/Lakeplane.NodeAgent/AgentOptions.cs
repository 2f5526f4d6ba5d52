using System.Globalization;

namespace Lakeplane.NodeAgent;

/// <summary>
/// What the agent is told at launch. The ids and the node directory come on the command line, so `ps` shows which
/// cluster and node a process is; the secret comes only through the environment (never the command line, which
/// every user of the machine can read) and is removed from it once read.
/// </summary>
public sealed record AgentOptions(string ClusterId, string NodeId, string Role, string NodeDirectory, string Secret, string EndpointFile, TimeSpan HeartbeatInterval)
{
    public static AgentOptions Parse(string[] args)
    {
        string Flag(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length && args[at + 1].Length > 0
                ? args[at + 1]
                : throw new ArgumentException($"{name} is required: lakeplane-node-agent --cluster-id <id> --node-id <id> --role driver|worker --node-dir <dir>.");
        }
        string Variable(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new ArgumentException($"{name} is not set: the agent is started by lakeplaned, which sets it.");

        var role = Flag("--role");
        if (role is not ("driver" or "worker"))
        {
            throw new ArgumentException($"--role '{role}' is not driver or worker.");
        }
        var secret = Variable("LAKEPLANE_NODE_SECRET");
        Environment.SetEnvironmentVariable("LAKEPLANE_NODE_SECRET", null);
        var intervalText = Environment.GetEnvironmentVariable("LAKEPLANE_NODE_HEARTBEAT_MS") ?? "1000";
        if (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out var intervalMs) || intervalMs <= 0)
        {
            throw new ArgumentException($"LAKEPLANE_NODE_HEARTBEAT_MS '{intervalText}' is not a positive whole number.");
        }
        return new AgentOptions(Flag("--cluster-id"), Flag("--node-id"), role, Flag("--node-dir"), secret, Variable("LAKEPLANE_NODE_ENDPOINT_FILE"),
            TimeSpan.FromMilliseconds(intervalMs));
    }
}
