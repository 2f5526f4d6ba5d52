using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>When a running cluster has been idle (no pending or running work on its driver) for its
/// autotermination_minutes, it is terminated with reason INACTIVITY.</summary>
public static class InactivityPolicy
{
    public static bool ShouldTerminate(Cluster cluster, DateTimeOffset lastActivity, DateTimeOffset now, TimeSpan minuteLength) =>
        cluster.AutoterminationMinutes > 0 && now - lastActivity >= minuteLength * cluster.AutoterminationMinutes;
}
