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

    /// <summary>A node's last heartbeat as some replica heard it: every replica serves heartbeats, one reconciles.</summary>
    public const string ClusterNodeLiveness = "cluster_node_liveness";
    public const string Job = "job";
    public const string JobRun = "job_run";
    public const string JobRunActive = "job_run_active";
    public const string JobFire = "job_fire";
    public const string JobScheduleMark = "job_schedule_mark";
    public const string JobTaskAssignment = "job_task_assignment";
    public const string Group = "group";
    public const string GroupMember = "group_member";
    public const string Metastore = "uc_metastore";
    public const string MetastoreAssignment = "uc_metastore_assignment";
    public const string Catalog = "uc_catalog";
    public const string Schema = "uc_schema";
    public const string Table = "uc_table";
    public const string Volume = "uc_volume";
    public const string Function = "uc_function";
    public const string StorageCredential = "uc_storage_credential";
    public const string ExternalLocation = "uc_external_location";
    public const string Grants = "uc_grants";
    public const string PathUse = "uc_path_use";
    public const string WebKey = "web_data_protection_key";
    public const string WorkspaceObject = "workspace_object";
    public const string WorkspaceDataKey = "workspace_data_key";
    public const string MasterKeyCheck = "master_key_check";

    /// <summary>Claims a deployment name across every account: ids are unique within a kind, names only within an account.</summary>
    public const string DeploymentName = "deployment_name";

    /// <summary>The scope of account-level objects.</summary>
    public const string AccountScope = "";

    public static string ClusterScope(string clusterId) => "cluster:" + clusterId;
    public static string GroupScope(string groupId) => "group:" + groupId;
    public static string JobScope(long jobId) => "job:" + jobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string NodeScope(string nodeId) => "node:" + nodeId;

    /// <summary>The children of one directory of a workspace's tree: names are unique within it.</summary>
    public static string WorkspaceDirectoryScope(long workspaceId, string directoryPath) =>
        "wsdir:" + workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + directoryPath;

    public static string WorkspaceScope(long workspaceId) => "workspace:" + workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Catalogs, storage credentials, external locations, workspace assignments and grants of one metastore.</summary>
    public static string MetastoreScope(string metastoreId) => "metastore:" + metastoreId;

    public static string CatalogScope(string catalogId) => "catalog:" + catalogId;

    /// <summary>Tables and volumes of one schema: listing a schema pages through this scope.</summary>
    public static string SchemaScope(string schemaId) => "schema:" + schemaId;

    /// <summary>The external tables and volumes whose storage lies under one external location.</summary>
    public static string LocationScope(string externalLocationId) => "location:" + externalLocationId;
}
