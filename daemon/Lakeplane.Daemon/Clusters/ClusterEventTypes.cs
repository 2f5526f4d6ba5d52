namespace Lakeplane.Daemon.Clusters;

/// <summary>The event types the cluster manager records, spelled as Databricks spells them.</summary>
public static class ClusterEventTypes
{
    public const string Creating = "CREATING";
    public const string Starting = "STARTING";
    public const string Restarting = "RESTARTING";
    public const string Terminating = "TERMINATING";
    public const string Edited = "EDITED";
    public const string Running = "RUNNING";
    public const string Resizing = "RESIZING";
    public const string UpsizeCompleted = "UPSIZE_COMPLETED";
    public const string NodesLost = "NODES_LOST";
    public const string DriverHealthy = "DRIVER_HEALTHY";
    public const string DriverNotResponding = "DRIVER_NOT_RESPONDING";
    public const string AddNodesFailed = "ADD_NODES_FAILED";
}

/// <summary>Termination reason codes and types (Databricks' TerminationReason).</summary>
public static class TerminationCodes
{
    public const string UserRequest = "USER_REQUEST";
    public const string Inactivity = "INACTIVITY";
    public const string LaunchFailure = "CLOUD_PROVIDER_LAUNCH_FAILURE";
    public const string DriverUnreachable = "DRIVER_UNREACHABLE";

    public const string Success = "SUCCESS";
    public const string ClientError = "CLIENT_ERROR";
    public const string CloudFailure = "CLOUD_FAILURE";
}
