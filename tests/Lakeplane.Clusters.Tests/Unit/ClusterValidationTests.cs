using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Unit;

public sealed class ClusterValidationTests
{
    private static readonly ClusterSettings Settings = new("local", "agent", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
        TimeSpan.FromSeconds(1), MaxCores: 16, NodeTypeCatalogue.Defaults, SparkVersionCatalogue.Defaults);

    private static Cluster Valid() => new() { ClusterName = "c", SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 1 };

    [Fact]
    public void ValidSpec_ResolvesTheNodeTypes()
    {
        var spec = Valid();
        spec.DriverNodeTypeId = "m5.xlarge";
        var (driver, worker) = new ClusterValidation(Settings).Spec(spec);
        Assert.Equal(4, driver.NumCores);
        Assert.Equal(2, worker.NumCores);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(10000, true)]
    [InlineData(10001, false)]
    [InlineData(-1, false)]
    public void Autotermination_IsZeroOrTenToTenThousandMinutes(int minutes, bool valid)
    {
        var spec = Valid();
        spec.AutoterminationMinutes = minutes;
        var error = Record.Exception(() => new ClusterValidation(Settings).Spec(spec));
        if (valid)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal("autotermination_minutes", Assert.IsType<LakeplaneException>(error).Field);
        }
    }

    [Fact]
    public void SizeBeyondTheDriversCores_IsRefusedOnTheSizeField()
    {
        var spec = Valid();
        spec.NumWorkers = 8; // 2 + 8 * 2 = 18 cores > 16
        var error = Assert.Throws<LakeplaneException>(() => new ClusterValidation(Settings).Spec(spec));
        Assert.Equal("num_workers", error.Field);
        Assert.Contains("18 cores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReservedEnvironmentVariable_IsRefused()
    {
        var spec = Valid();
        spec.SparkEnvVars["LAKEPLANE_NODE_SECRET"] = "x";
        Assert.Equal("spark_env_vars.LAKEPLANE_NODE_SECRET", Assert.Throws<LakeplaneException>(() => new ClusterValidation(Settings).Spec(spec)).Field);
    }
}
