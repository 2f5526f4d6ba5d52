using System.Globalization;
using System.Runtime.InteropServices;

namespace Lakeplane.Daemon.Compute;

/// <summary>
/// The processes of this machine as /proc shows them: command lines, start times and liveness, and signals.
/// A process is named by its pid AND its start time (field 22 of /proc/&lt;pid&gt;/stat, in clock ticks since boot), so a
/// pid the kernel reused for another process is never mistaken for the node that had it.
/// </summary>
public static class LocalProcessTable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>A live (not zombie) process and its arguments.</summary>
    public sealed record ProcessEntry(int Pid, long StartTicks, IReadOnlyList<string> Arguments);

    public static IEnumerable<ProcessEntry> Enumerate()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            var entry = Read(pid);
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The process with this pid, or null when there is none or it is a zombie (exited, not yet reaped).</summary>
    public static ProcessEntry? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) is in parentheses and may itself hold spaces or parentheses: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null;
            }
            var startTicks = long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture);
            var cmdline = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return new ProcessEntry(pid, startTicks, cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Gone between listing and reading, or not ours to read.
            return null;
        }
    }

    /// <summary>Whether the process that had this pid at this start time still runs.</summary>
    public static bool IsAlive(int pid, long startTicks) => Read(pid) is { } entry && entry.StartTicks == startTicks;

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; returns once the process is gone (or after a bound).</summary>
    public static async Task StopAsync(int pid, long startTicks, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!IsAlive(pid, startTicks))
        {
            return;
        }
        _ = Kill(pid, SigTerm);
        if (await WaitGoneAsync(pid, startTicks, grace, cancellationToken))
        {
            return;
        }
        if (IsAlive(pid, startTicks))
        {
            _ = Kill(pid, SigKill);
        }
        await WaitGoneAsync(pid, startTicks, TimeSpan.FromSeconds(5), cancellationToken);
    }

    private static async Task<bool> WaitGoneAsync(int pid, long startTicks, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid, startTicks))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20, cancellationToken);
        }
        return true;
    }

    // kill(2): .NET can SIGKILL a process it did not start, but not SIGTERM it (the graceful stop a node deserves first).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
