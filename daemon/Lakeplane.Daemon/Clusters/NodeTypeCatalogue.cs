using Lakeplane.Daemon.Compute;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The node types clusters may use, with the cores and memory the scheduler sizes them by. The defaults carry
/// AWS instance type names (as Databricks on AWS does), so a configuration moves to the ec2 driver unchanged;
/// operators replace them with Lakeplane:NodeTypes in appsettings.json.
/// </summary>
public static class NodeTypeCatalogue
{
    public static readonly IReadOnlyList<NodeTypeSpec> Defaults =
    [
        new("m5.large", 2, 8192, "m5.large (2 cores, 8 GB)", "m5.large", "General Purpose"),
        new("m5.xlarge", 4, 16384, "m5.xlarge (4 cores, 16 GB)", "m5.xlarge", "General Purpose"),
        new("m5.2xlarge", 8, 32768, "m5.2xlarge (8 cores, 32 GB)", "m5.2xlarge", "General Purpose"),
        new("r5.xlarge", 4, 32768, "r5.xlarge (4 cores, 32 GB)", "r5.xlarge", "Memory Optimized"),
        new("c5.xlarge", 4, 8192, "c5.xlarge (4 cores, 8 GB)", "c5.xlarge", "Compute Optimized"),
        new("i3.xlarge", 4, 31232, "i3.xlarge (4 cores, 30.5 GB)", "i3.xlarge", "Storage Optimized"),
    ];
}
