using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>A daemon workspace as attribute values, shared by the workspace resource and data source so both read the same.</summary>
public static class WorkspaceValues
{
    public const string Running = "RUNNING";
    public const string Failed = "FAILED";

    public static Dictionary<string, Value> From(Workspace workspace) => new(StringComparer.Ordinal)
    {
        ["workspace_id"] = Value.Of(workspace.WorkspaceId),
        ["workspace_name"] = Value.Of(workspace.WorkspaceName),
        ["aws_region"] = Value.Of(workspace.AwsRegion),
        ["credentials_id"] = Value.Of(workspace.CredentialsId),
        ["storage_configuration_id"] = Value.Of(workspace.StorageConfigurationId),
        // "" means a Lakeplane-managed network, which a configuration expresses by leaving network_id out.
        ["network_id"] = StateValues.StringOrNull(workspace.NetworkId),
        ["custom_tags"] = StateValues.StringMap(workspace.CustomTags),
        ["workspace_url"] = Value.Of(workspace.WorkspaceUrl),
        ["workspace_status"] = Value.Of(workspace.WorkspaceStatus),
        ["deployment_name"] = Value.Of(workspace.DeploymentName),
        ["creation_time"] = Value.Of(workspace.CreationTime),
    };
}
