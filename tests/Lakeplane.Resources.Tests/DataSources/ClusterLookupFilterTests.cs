using Lakeplane.Protos.V1;
using Lakeplane.Resources.DataSources;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.DataSources;

/// <summary>
/// The filters of lakeplane_node_types and lakeplane_spark_versions, as databricks_node_type and
/// databricks_spark_version apply them, over the catalogues lakeplaned ships by default.
/// </summary>
public sealed class ClusterLookupFilterTests
{
    private static readonly NodeType[] NodeTypes =
    [
        new() { NodeTypeId = "m5.large", NumCores = 2, MemoryMb = 8192, Category = "General Purpose" },
        new() { NodeTypeId = "m5.xlarge", NumCores = 4, MemoryMb = 16384, Category = "General Purpose" },
        new() { NodeTypeId = "m5.2xlarge", NumCores = 8, MemoryMb = 32768, Category = "General Purpose" },
        new() { NodeTypeId = "r5.xlarge", NumCores = 4, MemoryMb = 32768, Category = "Memory Optimized" },
        new() { NodeTypeId = "c5.xlarge", NumCores = 4, MemoryMb = 8192, Category = "Compute Optimized" },
        new() { NodeTypeId = "i3.xlarge", NumCores = 4, MemoryMb = 31232, Category = "Storage Optimized" },
    ];

    private static readonly SparkVersion[] Versions =
    [
        new() { Key = "13.3.x-scala2.12", Name = "13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)" },
        new() { Key = "16.4.x-scala2.12", Name = "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)" },
        new() { Key = "9.1.x-scala2.12", Name = "9.1 (includes Apache Spark 3.1.2, Scala 2.12)" },
        new() { Key = "15.4.x-scala2.12", Name = "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)" },
        new() { Key = "15.4.x-ml-scala2.12", Name = "15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)" },
        new() { Key = "14.0.x-scala2.13", Name = "14.0 (includes Apache Spark 3.5.0, Scala 2.13)" },
    ];

    private static ObjectValue Config(params (string Name, Value Value)[] set) => new(set.ToDictionary(s => s.Name, s => s.Value));

    private static string[] NodeTypeIds(params (string Name, Value Value)[] set) =>
        NodeTypesDataSource.Filter(NodeTypes, Config(set)).Select(t => t.NodeTypeId).ToArray();

    private static string[] VersionKeys(params (string Name, Value Value)[] set) =>
        SparkVersionsDataSource.Filter(Versions, Config(set)).Select(v => v.Key).ToArray();

    [Fact]
    public void Without_filters_every_node_type_smallest_first()
    {
        Assert.Equal(["m5.large", "c5.xlarge", "m5.xlarge", "i3.xlarge", "r5.xlarge", "m5.2xlarge"], NodeTypeIds());
    }

    [Fact]
    public void Min_cores_and_min_memory_together()
    {
        Assert.Equal(["r5.xlarge", "m5.2xlarge"], NodeTypeIds(("min_cores", Value.Of(4L)), ("min_memory_gb", Value.Of(32L))));
    }

    [Fact]
    public void Memory_per_core_and_category_ignoring_case()
    {
        Assert.Equal(["r5.xlarge"], NodeTypeIds(("gb_per_core", Value.Of(8L))));
        Assert.Equal(["m5.large", "m5.xlarge", "m5.2xlarge"], NodeTypeIds(("category", Value.Of("general purpose"))));
        Assert.Empty(NodeTypeIds(("min_cores", Value.Of(64L))));
    }

    [Fact]
    public void Runtimes_newest_first_without_ml_by_default()
    {
        Assert.Equal(["16.4.x-scala2.12", "15.4.x-scala2.12", "14.0.x-scala2.13", "13.3.x-scala2.12", "9.1.x-scala2.12"], VersionKeys());
    }

    [Fact]
    public void Long_term_support_spark_version_prefix_and_scala()
    {
        Assert.Equal(["16.4.x-scala2.12", "15.4.x-scala2.12", "13.3.x-scala2.12"], VersionKeys(("long_term_support", Value.Of(true))));
        Assert.Equal(["13.3.x-scala2.12"], VersionKeys(("spark_version", Value.Of("3.4"))));
        Assert.Equal(["16.4.x-scala2.12", "15.4.x-scala2.12", "14.0.x-scala2.13"], VersionKeys(("spark_version", Value.Of("3.5"))));
        Assert.Equal(["15.4.x-scala2.12", "14.0.x-scala2.13"], VersionKeys(("spark_version", Value.Of("3.5.0"))));
        Assert.Empty(VersionKeys(("spark_version", Value.Of("3.5.1"))));
        Assert.Equal(["14.0.x-scala2.13"], VersionKeys(("scala", Value.Of("2.13"))));
    }

    [Fact]
    public void Ml_asks_for_ml_runtimes_only()
    {
        Assert.Equal(["15.4.x-ml-scala2.12"], VersionKeys(("ml", Value.Of(true))));
    }
}
