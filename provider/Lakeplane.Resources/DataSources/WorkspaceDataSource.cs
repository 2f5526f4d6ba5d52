using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>data "lakeplane_workspace": one workspace of the account, found by workspace_id or by workspace_name.</summary>
public sealed class WorkspaceDataSource : DataSourceDefinition
{
    public override string Name => "workspace";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Looks up a workspace by workspace_id or workspace_name (exactly one).",
        Attributes =
        [
            Attr.Number("workspace_id").Optional().Computed().Describe("Id of the workspace to look up."),
            Attr.String("workspace_name").Optional().Computed().Describe("Name of the workspace to look up."),
            Attr.String("aws_region").Computed(),
            Attr.String("credentials_id").Computed(),
            Attr.String("storage_configuration_id").Computed(),
            Attr.String("network_id").Computed().Describe("Null for a Lakeplane-managed network."),
            Attr.MapOf(TypeSpec.String, "custom_tags").Computed(),
            Attr.String("workspace_url").Computed(),
            Attr.String("workspace_status").Computed(),
            Attr.String("deployment_name").Computed(),
            Attr.Number("creation_time").Computed().Describe("Epoch milliseconds."),
        ],
    };

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var byId = config["workspace_id"];
        var byName = config["workspace_name"];
        if (byId.IsNull && byName.IsNull)
        {
            diagnostics.AddError("Missing lookup key", "Set exactly one of \"workspace_id\" or \"workspace_name\" to say which workspace to read.", AttributePath.Of("workspace_name"));
        }
        else if (!byId.IsNull && !byName.IsNull)
        {
            diagnostics.AddError("Conflicting lookup keys", "Set only one of \"workspace_id\" or \"workspace_name\", not both.", AttributePath.Of("workspace_name"));
        }
    }

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspace = config.OptionalLong("workspace_id") is { } id
            ? await FindByIdAsync(context, id, cancellationToken)
            : await FindByNameAsync(context, config.RequiredString("workspace_name"), cancellationToken);
        return new ObjectValue(WorkspaceValues.From(workspace));
    }

    private static async Task<Workspace> FindByIdAsync(ResourceContext context, long id, CancellationToken cancellationToken)
    {
        var request = new GetWorkspaceRequest { AccountId = context.Client.AccountId, WorkspaceId = id };
        return await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetWorkspaceAsync(request, options).ResponseAsync, cancellationToken)
            ?? throw new ResourceException(Diagnostic.Error(
                "Workspace not found", $"There is no workspace with workspace_id {id} in this account.", AttributePath.Of("workspace_id")));
    }

    private static async Task<Workspace> FindByNameAsync(ResourceContext context, string name, CancellationToken cancellationToken)
    {
        var request = new ListWorkspacesRequest { AccountId = context.Client.AccountId };
        var all = await DaemonCalls.WithRetriesAsync(options => context.Client.Account.ListWorkspacesAsync(request, options).ResponseAsync, cancellationToken);
        var matches = all.Workspaces.Where(w => w.WorkspaceName == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ResourceException(Diagnostic.Error(
                "Workspace not found", $"There is no workspace named \"{name}\" in this account.", AttributePath.Of("workspace_name"))),
            _ => throw new ResourceException(Diagnostic.Error(
                "Ambiguous workspace name", $"{matches.Count} workspaces are named \"{name}\"; look it up by workspace_id instead.", AttributePath.Of("workspace_name"))),
        };
    }
}
