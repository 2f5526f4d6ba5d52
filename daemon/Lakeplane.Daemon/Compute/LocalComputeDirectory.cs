using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Compute;

/// <summary>
/// Where the local compute driver keeps its nodes (nodes/&lt;node-id&gt;) and the endpoint file they read the replicas'
/// URLs from: LAKEPLANE_COMPUTE_DIR, else &lt;data-dir&gt;/compute. Replicas on one host that share it find, adopt and
/// address each other's nodes; a replica never touches node processes outside it.
/// </summary>
public static class LocalComputeDirectory
{
    public static string Resolve(DaemonSettings daemon) =>
        Environment.GetEnvironmentVariable("LAKEPLANE_COMPUTE_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(daemon.DataDirectory, "compute");
}
