using System.Runtime.InteropServices;

namespace Lakeplane.NodeAgent;

/// <summary>Signals a whole process group: a task's shell and everything it started go together.</summary>
internal static partial class ProcessGroups
{
    private const int SigKill = 9;

    /// <summary>SIGKILLs the group led by <paramref name="leaderPid"/>; a group already gone is not an error.</summary>
    public static void Kill(int leaderPid)
    {
        if (leaderPid > 1)
        {
            _ = SendSignal(-leaderPid, SigKill);
        }
    }

    // kill(2) with a negative pid signals the process group: .NET's Process.Kill(entireProcessTree) walks children it
    // can see, but misses processes re-parented away from the tree; the group catches them all.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
