using System.Globalization;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// The node agent processes of local clusters, found as an operator finds them: by the
/// --cluster-id, --role and --node-dir on their command lines (/proc/&lt;pid&gt;/cmdline, what ps shows).
/// </summary>
public static class NodeProcesses
{
    public sealed record Node(int Pid, string ClusterId, string Role, string NodeDirectory);

    public static IReadOnlyList<Node> All()
    {
        var nodes = new List<Node>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var clusterId = Flag(arguments, "--cluster-id");
            var role = Flag(arguments, "--role");
            var nodeDirectory = Flag(arguments, "--node-dir");
            if (clusterId is not null && role is not null && nodeDirectory is not null && IsAlive(directory))
            {
                nodes.Add(new Node(pid, clusterId, role, nodeDirectory));
            }
        }
        return nodes;
    }

    public static IReadOnlyList<Node> OfCluster(string clusterId) => All().Where(n => n.ClusterId == clusterId).ToList();

    /// <summary>Kills the nodes of a daemon's data directory: a test that failed half-way must not leave processes behind.</summary>
    public static void KillUnder(string dataDirectory)
    {
        var prefix = Path.GetFullPath(dataDirectory).TrimEnd('/') + "/";
        foreach (var node in All().Where(n => n.NodeDirectory.StartsWith(prefix, StringComparison.Ordinal)))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(node.Pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    private static string? Flag(string[] arguments, string name)
    {
        var at = Array.IndexOf(arguments, name);
        return at >= 0 && at + 1 < arguments.Length && arguments[at + 1].Length > 0 ? arguments[at + 1] : null;
    }

    /// <summary>A zombie (exited, not yet reaped) still has a /proc entry but is no running node.</summary>
    private static bool IsAlive(string procDirectory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
