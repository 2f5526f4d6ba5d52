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
public sealed class ExternalLocationResource : CatalogObjectResource<ExternalLocationInfo>
{
    public override string Name => "external_location";

    protected override string Noun => "external location";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<location name>", "1234567890123456/landing-zone");

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
        var created = await SendAsync("create external location", options => context.Client.Catalog.CreateExternalLocationAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateExternalLocationRequest { WorkspaceId = workspaceId, Name = created.Name, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
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
            : await CurrentAsync(context, workspaceId, request.Name, cancellationToken);
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
        return DeleteWithAsync("delete external location", options => context.Client.Catalog.DeleteExternalLocationAsync(request, options).ResponseAsync, cancellationToken);
    }

    private Task<ExternalLocationInfo> SendUpdateAsync(ResourceContext context, UpdateExternalLocationRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update external location", options => context.Client.Catalog.UpdateExternalLocationAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => value.RequiredString("name");

    protected override Task<ExternalLocationInfo?> FindAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetExternalLocationAsync(
            new GetExternalLocationRequest { WorkspaceId = workspaceId, Name = name }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, ExternalLocationInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

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
}
