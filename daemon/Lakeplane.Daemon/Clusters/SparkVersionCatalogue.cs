namespace Lakeplane.Daemon.Clusters;

/// <summary>One runtime a cluster may run: key is what spark_version takes.</summary>
public sealed record SparkVersionSpec(string Key, string Name);

/// <summary>The runtimes offered, keyed as Databricks keys them.</summary>
public static class SparkVersionCatalogue
{
    public static readonly IReadOnlyList<SparkVersionSpec> Defaults =
    [
        new("16.4.x-scala2.12", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)"),
        new("15.4.x-scala2.12", "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)"),
        new("14.3.x-scala2.12", "14.3 LTS (includes Apache Spark 3.5.0, Scala 2.12)"),
        new("13.3.x-scala2.12", "13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)"),
    ];
}
