namespace Lakeplane.Daemon.Account;

/// <summary>The workspace_status values, as Databricks names them.</summary>
public static class WorkspaceStatuses
{
    public const string Provisioning = "PROVISIONING";
    public const string Running = "RUNNING";
    public const string Failed = "FAILED";
}
