using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_workspace (databricks_mws_workspaces): a workspace on credentials, a storage
/// configuration and optionally a customer-managed network. Create and update wait until the
/// workspace is RUNNING. credentials_id, network_id and custom_tags change in place, as the
/// API allows; everything else replaces the workspace.
/// </summary>
public sealed class WorkspaceResource : ResourceDefinition
{
    private const string Immutable = "A workspace's name, region and root storage cannot be changed in place.";

    public static readonly OperationDeadlines Deadlines = new(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20));

    public override string Name => "workspace";

    public override string IdAttribute => "workspace_id";

    public override OperationDeadlines DefaultDeadlines => Deadlines;

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A Lakeplane workspace. Waits until it is RUNNING.",
        Attributes =
        [
            Attr.String("workspace_name").Required().RequiresReplace(Immutable).Validate(Validators.WorkspaceName).Describe("Name of the workspace, unique in the account."),
            Attr.String("aws_region").Required().RequiresReplace(Immutable).Validate(Validators.AwsRegion)
                .Describe("The AWS region the workspace's data plane runs in."),
            Attr.String("credentials_id").Required().Describe("Id of the lakeplane_credentials the workspace uses; changes in place."),
            Attr.String("storage_configuration_id").Required().RequiresReplace(Immutable)
                .Describe("Id of the lakeplane_storage_configuration holding the workspace's root storage."),
            Attr.String("network_id").Optional()
                .Describe("Id of a lakeplane_network (customer-managed VPC); a Lakeplane-managed network when unset. Changes in place."),
            Attr.MapOf(TypeSpec.String, "custom_tags").Optional().Validate(Validators.AwsTags).Describe("Tags put on every cloud resource of the workspace; change in place."),
            Attr.Number("workspace_id").Computed().UseStateForUnknown().Describe("Id of the workspace; what import takes."),
            Attr.String("workspace_url").Computed().UseStateForUnknown().Describe("URL of the workspace."),
            Attr.String("workspace_status").Computed().Describe("NOT_PROVISIONING, PROVISIONING, RUNNING, FAILED, BANNED or CANCELLING."),
            Attr.String("deployment_name").Computed().UseStateForUnknown().Describe("The deployment name the workspace URL is made from."),
            Attr.Number("creation_time").Computed().UseStateForUnknown().Describe("When the workspace was created, in epoch milliseconds."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var deadline = context.DeadlineFor(ResourceOperation.Create, Deadlines);
        var request = new CreateWorkspaceRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceName = planned.RequiredString("workspace_name"),
            AwsRegion = planned.RequiredString("aws_region"),
            CredentialsId = planned.RequiredString("credentials_id"),
            StorageConfigurationId = planned.RequiredString("storage_configuration_id"),
            NetworkId = planned.OptionalString("network_id") ?? "",
            CustomTags = { planned.OptionalStringMap("custom_tags") ?? new Dictionary<string, string>() },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create workspace", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Account.CreateWorkspaceAsync(request, options).ResponseAsync, cancellationToken));
        context.Log($"lakeplane_workspace {created.WorkspaceName}: created as {created.WorkspaceId}, {created.WorkspaceStatus}");
        return await SettleAsync(context, created, planned, deadline, started, ResourceOperation.Create, cancellationToken);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var found = await GetAsync(context, state.RequiredLong("workspace_id"), cancellationToken);
        return found is null ? null : ToState(found, state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var deadline = context.DeadlineFor(ResourceOperation.Update, Deadlines);
        var workspaceId = prior.RequiredLong("workspace_id");
        var request = new UpdateWorkspaceRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, RequestId = DaemonCalls.NewRequestId() };
        var changes = new List<string>();
        if (planned.RequiredString("credentials_id") != prior.OptionalString("credentials_id"))
        {
            request.CredentialsId = planned.RequiredString("credentials_id");
            changes.Add("credentials_id");
        }
        if (planned.OptionalString("network_id") != prior.OptionalString("network_id"))
        {
            request.NetworkId = planned.OptionalString("network_id") ?? "";
            changes.Add("network_id");
        }
        var plannedTags = planned.OptionalStringMap("custom_tags") ?? new Dictionary<string, string>();
        var priorTags = prior.OptionalStringMap("custom_tags") ?? new Dictionary<string, string>();
        if (!SameTags(plannedTags, priorTags))
        {
            request.UpdateCustomTags = true;
            request.CustomTags.Add(plannedTags);
            changes.Add("custom_tags");
        }

        Workspace current;
        if (changes.Count == 0)
        {
            // Only how the configuration writes things changed (timeouts, null vs empty tags): nothing to send.
            current = await GetAsync(context, workspaceId, cancellationToken) ?? throw Gone(workspaceId);
        }
        else
        {
            current = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update workspace", () =>
                DaemonCalls.WithRetriesAsync(options => context.Client.Account.UpdateWorkspaceAsync(request, options).ResponseAsync, cancellationToken));
            context.Log($"lakeplane_workspace {current.WorkspaceName} ({workspaceId}): updated {string.Join(", ", changes)}, {current.WorkspaceStatus}");
        }
        return await SettleAsync(context, current, planned, deadline, started, ResourceOperation.Update, cancellationToken);
    }

    public override async Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var timeout = context.DeadlineFor(ResourceOperation.Delete, Deadlines);
        var workspaceId = state.RequiredLong("workspace_id");
        var request = new DeleteWorkspaceRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, RequestId = DaemonCalls.NewRequestId() };
        await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete workspace", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Account.DeleteWorkspaceAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
        // The network and credentials it used can be deleted only once it is really gone.
        var interval = TimeSpan.FromMilliseconds(100);
        while (await GetAsync(context, workspaceId, cancellationToken) is { } remaining)
        {
            if (started.Elapsed >= timeout)
            {
                throw new ResourceException(Diagnostic.Error(
                    "Workspace not deleted in time",
                    $"Workspace {workspaceId} is still {remaining.WorkspaceStatus} after {timeout.TotalMinutes:0.#} minutes, its delete deadline.")
                    with { Next = new NextStep(ResourceOperation.Delete) { DeadlineMayHelp = true } });
            }
            await Task.Delay(interval, cancellationToken);
            interval = interval * 2 < TimeSpan.FromSeconds(2) ? interval * 2 : TimeSpan.FromSeconds(2);
        }
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId))
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id",
                "A workspace is imported by its workspace_id, a number such as 1234567890123456."));
        }
        var found = await GetAsync(context, workspaceId, cancellationToken);
        return found is null ? null : ToState(found, prior: null);
    }

    /// <summary>Waits for RUNNING. A workspace that exists but did not get there stays in state, tainted, rather than being forgotten.</summary>
    private async Task<ObjectValue> SettleAsync(
        ResourceContext context, Workspace current, ObjectValue planned, TimeSpan timeout, Stopwatch started, ResourceOperation operation, CancellationToken cancellationToken)
    {
        var result = await WorkspaceProvisioning.WaitForRunningAsync(context, current, timeout, started, cancellationToken);
        var state = ToState(result.Last, planned);
        var id = $"{result.Last.WorkspaceName} ({result.Last.WorkspaceId})";
        var action = OperationDeadlines.NameOf(operation);
        return result.Outcome switch
        {
            WorkspaceProvisioning.Outcome.Running => state,
            WorkspaceProvisioning.Outcome.Failed => throw new IncompleteOperationException(Diagnostic.Error(
                $"Workspace {action} failed",
                $"Workspace {id} is FAILED: {Message(result.Last)}. It exists and is kept in state; fix the cause (credentials, storage, network).")
                with { Next = new NextStep(operation) { KeptIncomplete = true } },
                state),
            WorkspaceProvisioning.Outcome.TimedOut => throw new IncompleteOperationException(Diagnostic.Error(
                $"Workspace not RUNNING in time",
                $"Workspace {id} is still {result.Last.WorkspaceStatus} after {timeout.TotalMinutes:0.#} minutes, its {action} deadline. " +
                "It exists and is kept in state; lakeplaned's workspace status says why it is not RUNNING yet.")
                with { Next = new NextStep(operation) { KeptIncomplete = true, DeadlineMayHelp = true } },
                state),
            WorkspaceProvisioning.Outcome.Stopped => throw new IncompleteOperationException(Diagnostic.Error(
                "Interrupted while waiting for the workspace",
                $"Workspace {id} exists but was {result.Last.WorkspaceStatus} when the provider was told to stop. It is kept in state.")
                with { Next = new NextStep(operation) { KeptIncomplete = true } },
                state),
            _ => throw new ResourceException(Diagnostic.Error(
                $"Workspace disappeared",
                $"Workspace {id} was deleted by someone else while the provider waited for it to become RUNNING.")),
        };
    }

    /// <summary>
    /// The daemon's workspace as state. What only the configuration knows comes from
    /// <paramref name="prior"/> (state or plan): whether custom_tags was
    /// left out (null) or written as {} — the daemon cannot tell them apart.
    /// </summary>
    internal static ObjectValue ToState(Workspace workspace, ObjectValue? prior)
    {
        var values = WorkspaceValues.From(workspace);
        if (workspace.CustomTags.Count == 0 && (prior is null || prior["custom_tags"].IsNull))
        {
            values["custom_tags"] = Value.Null;
        }
        return new ObjectValue(values);
    }

    private static async Task<Workspace?> GetAsync(ResourceContext context, long workspaceId, CancellationToken cancellationToken)
    {
        var request = new GetWorkspaceRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId };
        return await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetWorkspaceAsync(request, options).ResponseAsync, cancellationToken);
    }

    private static bool SameTags(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && other == entry.Value);

    private static string Message(Workspace workspace) =>
        string.IsNullOrEmpty(workspace.WorkspaceStatusMessage) ? "lakeplaned gave no reason" : workspace.WorkspaceStatusMessage;

    private static ResourceException Gone(long workspaceId) => new(Diagnostic.Error(
        "Cannot update workspace",
        $"Workspace {workspaceId} no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });
}
