using Lakeplane.Daemon.Clusters;
using Lakeplane.Protos.V1;
using Microsoft.Extensions.Time.Testing;

namespace Lakeplane.Clusters.Tests.Unit;

public sealed class InactivityPolicyTests
{
    [Fact]
    public void IdleForItsMinutes_Terminates_NotBefore()
    {
        var time = new FakeTimeProvider();
        var lastActivity = time.GetUtcNow();
        var cluster = new Cluster { AutoterminationMinutes = 10 };
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.False(InactivityPolicy.ShouldTerminate(cluster, lastActivity, time.GetUtcNow(), TimeSpan.FromMinutes(1)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(InactivityPolicy.ShouldTerminate(cluster, lastActivity, time.GetUtcNow(), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void ZeroMinutes_NeverTerminates()
    {
        var time = new FakeTimeProvider();
        var lastActivity = time.GetUtcNow();
        time.Advance(TimeSpan.FromDays(30));
        Assert.False(InactivityPolicy.ShouldTerminate(new Cluster { AutoterminationMinutes = 0 }, lastActivity, time.GetUtcNow(), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void AShorterMinute_ScalesTheTimeout()
    {
        var start = DateTimeOffset.UnixEpoch;
        var cluster = new Cluster { AutoterminationMinutes = 10 };
        Assert.True(InactivityPolicy.ShouldTerminate(cluster, start, start + TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100)));
    }
}
