using System.Text.Json;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>
/// Reads a PATCH body for a workspace: only credentials_id, network_id and custom_tags change in
/// place; naming any other field is an error that says so, rather than a silent no-op.
/// </summary>
public static class WorkspacePatch
{
    private static readonly HashSet<string> FixedAfterCreation = new(StringComparer.Ordinal)
    {
        "workspace_name", "aws_region", "storage_configuration_id", "deployment_name", "account_id", "workspace_id",
        "workspace_status", "workspace_status_message", "workspace_url", "creation_time",
    };

    public static UpdateWorkspaceRequest Read(JsonElement body, string accountId, long workspaceId)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw LakeplaneException.Invalid("body", "The request body must be a JSON object such as {\"credentials_id\": \"...\"}.");
        }
        var request = new UpdateWorkspaceRequest { AccountId = accountId, WorkspaceId = workspaceId };
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "credentials_id":
                    request.CredentialsId = String(property);
                    break;
                case "network_id":
                    request.NetworkId = String(property);
                    break;
                case "custom_tags":
                    request.UpdateCustomTags = true;
                    request.CustomTags.Add(Tags(property));
                    break;
                case var name when FixedAfterCreation.Contains(name):
                    throw LakeplaneException.Invalid(name,
                        $"{name} cannot be changed after the workspace is created: only credentials_id, network_id and custom_tags can. Create a new workspace to change {name}.");
                default:
                    throw LakeplaneException.Invalid(property.Name,
                        $"{property.Name} is not a workspace field that can be updated: send only credentials_id, network_id and custom_tags.");
            }
        }
        return request;
    }

    private static string String(JsonProperty property) => property.Value.ValueKind == JsonValueKind.String
        ? property.Value.GetString()!
        : throw LakeplaneException.Invalid(property.Name, $"{property.Name} must be a string.");

    private static Dictionary<string, string> Tags(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            throw LakeplaneException.Invalid("custom_tags", "custom_tags must be an object of string values, e.g. {\"team\": \"data\"}.");
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in property.Value.EnumerateObject())
        {
            tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String
                ? tag.Value.GetString()!
                : throw LakeplaneException.Invalid("custom_tags", $"custom_tags value of '{tag.Name}' must be a string.");
        }
        return tags;
    }
}
