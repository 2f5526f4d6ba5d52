namespace Lakeplane.NodeAgent;

/// <summary>
/// The node's work as the cluster manager sees it: entries in &lt;node-dir&gt;/queue are pending, entries in
/// &lt;node-dir&gt;/running are running. The driver's counts drive autoscaling and the inactivity timer; whoever runs
/// work on the node (the job scheduler, in a later issue) moves entries between the two.
/// </summary>
public sealed class WorkQueue(string nodeDirectory)
{
    private readonly string _pending = Path.Combine(nodeDirectory, "queue");
    private readonly string _running = Path.Combine(nodeDirectory, "running");

    public int PendingCount => Count(_pending);

    public int RunningCount => Count(_running);

    private static int Count(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Count();
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }
}
