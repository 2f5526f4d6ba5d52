using Lakeplane.Daemon.Clusters;

namespace Lakeplane.Clusters.Tests.Unit;

public sealed class ClusterStatesTests
{
    [Theory]
    [InlineData("PENDING", "RUNNING")]
    [InlineData("RUNNING", "RESIZING")]
    [InlineData("RESIZING", "RUNNING")]
    [InlineData("RUNNING", "RESTARTING")]
    [InlineData("RESTARTING", "RUNNING")]
    [InlineData("RUNNING", "TERMINATING")]
    [InlineData("TERMINATING", "TERMINATED")]
    [InlineData("TERMINATED", "PENDING")]
    [InlineData("PENDING", "ERROR")]
    [InlineData("ERROR", "TERMINATING")]
    public void AllowedMoves(string from, string to) => Assert.True(ClusterStates.CanMove(from, to));

    [Theory]
    [InlineData("TERMINATED", "RUNNING")]
    [InlineData("TERMINATING", "RUNNING")]
    [InlineData("PENDING", "RESIZING")]
    [InlineData("TERMINATED", "TERMINATING")]
    [InlineData("ERROR", "RUNNING")]
    public void ForbiddenMoves(string from, string to) => Assert.False(ClusterStates.CanMove(from, to));

    [Fact]
    public void MoveOutsideTheMachine_Throws_AndTerminatedStampsTheTime()
    {
        var cluster = new Protos.V1.Cluster { ClusterId = "c", State = "TERMINATED" };
        Assert.Throws<InvalidOperationException>(() => ClusterService.Move(cluster, "RUNNING", "", DateTimeOffset.UnixEpoch));
        cluster.State = "TERMINATING";
        ClusterService.Move(cluster, "TERMINATED", "done", DateTimeOffset.FromUnixTimeMilliseconds(1234));
        Assert.Equal(1234, cluster.TerminatedTime);
        Assert.Equal("done", cluster.StateMessage);
    }

    [Fact]
    public void OnlyStartingAndRunningStatesWantNodes()
    {
        Assert.All(new[] { "PENDING", "RUNNING", "RESIZING", "RESTARTING" }, s => Assert.True(ClusterStates.WantsNodes(s)));
        Assert.All(new[] { "TERMINATING", "TERMINATED", "ERROR" }, s => Assert.False(ClusterStates.WantsNodes(s)));
    }
}
