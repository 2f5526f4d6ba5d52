namespace Lakeplane.Daemon.Persistence;

/// <summary>The kinds of object the daemon keeps in the store, and the scopes names are unique within.</summary>
public static class ObjectKinds
{
    public const string Installation = "installation";
    public const string Account = "account";
    public const string Principal = "principal";
    public const string Token = "token";
    public const string Credentials = "credentials";
    public const string StorageConfiguration = "storage_configuration";
    public const string Network = "network";
    public const string Workspace = "workspace";
    public const string Cluster = "cluster";
    public const string ClusterNode = "cluster_node";
    public const string ClusterEvent = "cluster_event";
    public const string Group = "group";
    public const string GroupMember = "group_member";

    /// <summary>Claims a deployment name across every account: ids are unique within a kind, names only within an account.</summary>
    public const string DeploymentName = "deployment_name";

    /// <summary>The scope of account-level objects.</summary>
    public const string AccountScope = "";

    public static string ClusterScope(string clusterId) => "cluster:" + clusterId;
    public static string GroupScope(string groupId) => "group:" + groupId;

    public static string WorkspaceScope(long workspaceId) => "workspace:" + workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
