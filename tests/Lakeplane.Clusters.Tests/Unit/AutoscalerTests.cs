using Lakeplane.Daemon.Clusters;
using Lakeplane.Protos.V1;
using Microsoft.Extensions.Time.Testing;

namespace Lakeplane.Clusters.Tests.Unit;

public sealed class AutoscalerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(1);
    private static readonly AutoScale Bounds = new() { MinWorkers = 1, MaxWorkers = 5 };
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void PendingWork_ScalesUpAtOnce_ByCoresPerWorker_UpToMax()
    {
        var autoscaler = new Autoscaler(_time, Delay);
        Assert.Equal(2, autoscaler.Target("c", Bounds, currentTarget: 1, pendingWork: 7, runningWork: 0, coresPerWorker: 4));
        Assert.Equal(5, autoscaler.Target("c", Bounds, currentTarget: 2, pendingWork: 100, runningWork: 0, coresPerWorker: 4));
        Assert.Equal(3, autoscaler.Target("c", Bounds, currentTarget: 1, pendingWork: 2, runningWork: 4, coresPerWorker: 2));
    }

    [Fact]
    public void LowerDemand_ScalesDownOnlyAfterTheDelay_AndALullResetsIt()
    {
        var autoscaler = new Autoscaler(_time, Delay);
        Assert.Equal(4, autoscaler.Target("c", Bounds, 4, 0, 0, 2));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(4, autoscaler.Target("c", Bounds, 4, 0, 0, 2));
        // Demand back at the current size: the countdown starts over.
        Assert.Equal(4, autoscaler.Target("c", Bounds, 4, 8, 0, 2));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(4, autoscaler.Target("c", Bounds, 4, 0, 0, 2));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(4, autoscaler.Target("c", Bounds, 4, 0, 0, 2));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, autoscaler.Target("c", Bounds, 4, 0, 0, 2));
    }

    [Fact]
    public void TargetOutsideNewBounds_MovesInsideAtOnce()
    {
        var autoscaler = new Autoscaler(_time, Delay);
        Assert.Equal(3, autoscaler.Target("c", new AutoScale { MinWorkers = 1, MaxWorkers = 3 }, 5, 0, 0, 2));
        Assert.Equal(2, autoscaler.Target("c", new AutoScale { MinWorkers = 2, MaxWorkers = 3 }, 1, 0, 0, 2));
    }

    [Fact]
    public void Clusters_AreTrackedApart()
    {
        var autoscaler = new Autoscaler(_time, Delay);
        Assert.Equal(4, autoscaler.Target("a", Bounds, 4, 0, 0, 2));
        _time.Advance(Delay);
        Assert.Equal(4, autoscaler.Target("b", Bounds, 4, 0, 0, 2));
        Assert.Equal(1, autoscaler.Target("a", Bounds, 4, 0, 0, 2));
    }
}
