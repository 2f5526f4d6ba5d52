using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Clusters.Tests.Support;

/// <summary>The node agent local nodes run: bin/lakeplane-node-agent under LAKEPLANE_BIN (what `make test` builds),
/// else the agent project's build output of the same configuration as these tests.</summary>
public static class NodeAgentBinary
{
    public static string Locate()
    {
        var bin = Environment.GetEnvironmentVariable("LAKEPLANE_BIN");
        if (!string.IsNullOrEmpty(bin))
        {
            var executable = Path.Combine(bin, "lakeplane-node-agent");
            return File.Exists(executable) ? executable : throw new FileNotFoundException($"LAKEPLANE_BIN is {bin} but it has no lakeplane-node-agent: run make build.", executable);
        }
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(DaemonBinary.RepositoryRoot(), "daemon", "Lakeplane.NodeAgent", "bin", configuration, "net10.0", "lakeplane-node-agent.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"No built node agent at {dll}: build daemon/Lakeplane.NodeAgent -c {configuration} first.", dll);
    }
}
