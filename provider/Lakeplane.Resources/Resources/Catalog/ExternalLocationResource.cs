using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_external_location (databricks_external_location): an s3:// URL the catalog reaches
/// with a storage credential; locations never overlap. Everything changes in place; force_update
/// allows a URL change while tables or volumes live under it, force_destroy a delete.
/// </summary>
public sealed class ExternalLocationResource : ResourceDefinition
{
    public override string Name => "external_location";

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "An external location: an S3 path governed by the catalog. Import with \"<workspace_id>/<name>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("name").Required().Validate(new CatalogNameValidator(lowerCase: false)).Describe("Name of the location; changes in place."),
            Attr.String("url").Required().Validate(Validators.Matches(new System.Text.RegularExpressions.Regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$"), "an s3:// URL such as s3://bucket/prefix"))
                .Describe("s3://bucket/prefix; may not overlap another location. Changes in place."),
            Attr.String("credential_name").Required().Describe("Name of the storage credential giving access (reference lakeplane_storage_credential.<name>.name). Changes in place."),
            Attr.String("comment").Optional().Describe("What the location is for; changes in place."),
            Attr.Bool("read_only").Optional().Computed().Default(Value.Of(false)).Describe("Only for reading; changes in place."),
            Attr.Bool("skip_validation").Optional().Computed().Default(Value.Of(false)).Describe("Accepted for compatibility: the control plane never reads the bucket itself."),
            CatalogValues.OwnerAttribute("external location"),
            Attr.Bool("force_update").Optional().Computed().Default(Value.Of(false)).Describe("Allow a url change while tables or volumes live under it."),
            Attr.Bool("force_destroy").Optional().Computed().Default(Value.Of(false)).Describe("Delete the location even while tables or volumes live under it."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("The location's name."),
            Attr.String("credential_id").Computed().Describe("Id of the storage credential."),
            Attr.String("metastore_id").Computed().UseStateForUnknown().Describe("Id of the metastore holding the location."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateExternalLocationRequest
        {
            WorkspaceId = workspaceId,
            Name = planned.RequiredString("name"),
            Url = planned.RequiredString("url"),
            CredentialName = planned.RequiredString("credential_name"),
            Comment = planned.OptionalString("comment") ?? "",
            ReadOnly = planned["read_only"] is BoolValue { Value: true },
            SkipValidation = planned["skip_validation"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create external location", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.CreateExternalLocationAsync(request, options).ResponseAsync, cancellationToken));
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateExternalLocationRequest { WorkspaceId = workspaceId, Name = created.Name, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var found = await GetAsync(context, workspaceId, state.RequiredString("name"), cancellationToken);
        return found is null ? null : ToState(workspaceId, found, state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateExternalLocationRequest
        {
            WorkspaceId = workspaceId,
            Name = prior.RequiredString("name"),
            Force = planned["force_update"] is BoolValue { Value: true },
            SkipValidation = planned["skip_validation"] is BoolValue { Value: true },
        };
        var changed = false;
        void Change(string attribute, Action<string> set)
        {
            if (planned.OptionalString(attribute) is { } wanted && wanted != prior.OptionalString(attribute))
            {
                set(wanted);
                changed = true;
            }
        }
        Change("name", v => request.NewName = v);
        Change("url", v => request.Url = v);
        Change("credential_name", v => request.CredentialName = v);
        Change("owner", v => request.Owner = v);
        if (planned.OptionalString("comment") != prior.OptionalString("comment"))
        {
            request.Comment = planned.OptionalString("comment") ?? "";
            changed = true;
        }
        if (planned["read_only"] is BoolValue readOnly && (prior["read_only"] as BoolValue)?.Value != readOnly.Value)
        {
            request.ReadOnly = readOnly.Value;
            changed = true;
        }
        var updated = changed
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await GetAsync(context, workspaceId, request.Name, cancellationToken) ?? throw Gone(request.Name);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteExternalLocationRequest
        {
            WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId),
            Name = state.RequiredString("name"),
            Force = state["force_destroy"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete external location", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Catalog.DeleteExternalLocationAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var (workspaceId, name) = CatalogValues.ParseImportId(id, "<workspace_id>/<location name>", "1234567890123456/landing-zone");
        var found = await GetAsync(context, workspaceId, name, cancellationToken);
        return found is null ? null : ToState(workspaceId, found, prior: null);
    }

    private async Task<ExternalLocationInfo> SendUpdateAsync(ResourceContext context, UpdateExternalLocationRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "update external location", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.UpdateExternalLocationAsync(request, options).ResponseAsync, cancellationToken));
    }

    private static Task<ExternalLocationInfo?> GetAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetExternalLocationAsync(
            new GetExternalLocationRequest { WorkspaceId = workspaceId, Name = name }, options).ResponseAsync, cancellationToken);

    internal static ObjectValue ToState(long workspaceId, ExternalLocationInfo location, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
        ["name"] = Value.Of(location.Name),
        ["url"] = Value.Of(location.Url),
        ["credential_name"] = Value.Of(location.CredentialName),
        ["comment"] = CatalogValues.Text(location.Comment, prior, "comment"),
        ["read_only"] = Value.Of(location.ReadOnly),
        ["skip_validation"] = CatalogValues.Flag(prior, "skip_validation"),
        ["owner"] = Value.Of(location.Owner),
        ["force_update"] = CatalogValues.Flag(prior, "force_update"),
        ["force_destroy"] = CatalogValues.Flag(prior, "force_destroy"),
        ["id"] = Value.Of(location.Name),
        ["credential_id"] = Value.Of(location.CredentialId),
        ["metastore_id"] = Value.Of(location.MetastoreId),
    });

    private static ResourceException Gone(string name) => new(Diagnostic.Error(
        "Cannot update external location", $"External location {name} no longer exists in lakeplaned. Run terraform apply again to re-create it."));
}
