using System.Globalization;
using System.Runtime.InteropServices;

namespace Lakeplane.Clusters.Tests.Support;

/// <summary>
/// The node agent processes on this machine, read from /proc independently of the daemon's own code: what an
/// operator running ps would see. Zombies (exited, not yet reaped) do not count as running.
/// </summary>
public static class NodeProcesses
{
    public sealed record NodeProcess(int Pid, string ClusterId, string NodeId, string Role, string NodeDirectory);

    /// <summary>Live node agents whose node directory lies under <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<NodeProcess> Under(string dataDirectory)
    {
        var found = new List<NodeProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    continue;
                }
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                // The agent itself, not the shell or setsid that exec it for a moment.
                if (!arguments.Any(a => a.EndsWith("lakeplane-node-agent", StringComparison.Ordinal) || a.EndsWith("lakeplane-node-agent.dll", StringComparison.Ordinal))
                    || arguments[0] is "/bin/sh" or "setsid")
                {
                    continue;
                }
                string? Flag(string name)
                {
                    var at = Array.IndexOf(arguments, name);
                    return at >= 0 && at + 1 < arguments.Length ? arguments[at + 1] : null;
                }
                var nodeDirectory = Flag("--node-dir");
                if (nodeDirectory is null || !nodeDirectory.StartsWith(dataDirectory.TrimEnd('/') + "/", StringComparison.Ordinal))
                {
                    continue;
                }
                found.Add(new NodeProcess(pid, Flag("--cluster-id") ?? "", Flag("--node-id") ?? "", Flag("--role") ?? "", nodeDirectory));
            }
            catch (IOException)
            {
                // Exited while being read.
            }
        }
        return found;
    }

    public static IReadOnlyList<NodeProcess> OfCluster(string dataDirectory, string clusterId) =>
        Under(dataDirectory).Where(p => p.ClusterId == clusterId).ToList();

    /// <summary>SIGKILLs every node agent under the data directory: the cleanup that runs even when a test failed.</summary>
    public static void KillAll(string dataDirectory)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var left = Under(dataDirectory);
            if (left.Count == 0)
            {
                return;
            }
            foreach (var node in left)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(node.Pid).Kill();
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>SIGSTOP: the process stays alive but does nothing (a hung node) until SIGCONT or SIGKILL.</summary>
    public static void Suspend(int pid)
    {
        if (Kill(pid, SigStop) != 0)
        {
            throw new InvalidOperationException($"kill -STOP {pid.ToString(CultureInfo.InvariantCulture)} failed (errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    private const int SigStop = 19;

    // kill(2): .NET can kill a process but not stop it.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
