using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_storage_credential (databricks_storage_credential): an IAM role the catalog uses to
/// reach S3, with `aws_iam_role { role_arn }`. Everything changes in place (a rename too);
/// force_update allows a change while external locations use it, force_destroy a delete.
/// </summary>
public sealed class StorageCredentialResource : CatalogObjectResource<StorageCredentialInfo>
{
    public override string Name => "storage_credential";

    protected override string Noun => "storage credential";

    protected override (string Form, string Example) ImportId => ("<workspace_id>/<credential name>", "1234567890123456/s3-reader");

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A storage credential: an IAM role for S3 access. Import with \"<workspace_id>/<name>\".",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            Attr.String("name").Required().Validate(new CatalogNameValidator(lowerCase: false)).Describe("Name of the credential; changes in place."),
            Attr.String("comment").Optional().Describe("What the credential is for; changes in place."),
            Attr.Bool("read_only").Optional().Computed().Default(Value.Of(false)).Describe("Only for reading; changes in place."),
            Attr.Bool("skip_validation").Optional().Computed().Default(Value.Of(false))
                .Describe("Accepted for compatibility: the control plane never assumes the role itself."),
            CatalogValues.OwnerAttribute("storage credential"),
            Attr.Bool("force_update").Optional().Computed().Default(Value.Of(false)).Describe("Allow a change while external locations use the credential."),
            Attr.Bool("force_destroy").Optional().Computed().Default(Value.Of(false)).Describe("Delete the credential even while external locations use it."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("The credential's name."),
            Attr.String("storage_credential_id").Computed().UseStateForUnknown().Describe("Unique id of the credential."),
            Attr.String("metastore_id").Computed().UseStateForUnknown().Describe("Id of the metastore holding the credential."),
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = "aws_iam_role",
                Nesting = BlockNesting.Single,
                MinItems = 1,
                MaxItems = 1,
                Description = "The IAM role to assume (required).",
                Object = new ObjectSchema
                {
                    Attributes =
                    [
                        Attr.String("role_arn").Required().Validate(Validators.RoleArn).Describe("ARN of the role; changes in place."),
                        Attr.String("external_id").Computed().UseStateForUnknown().Describe("What the role's trust policy must require as sts:ExternalId."),
                        Attr.String("unity_catalog_iam_arn").Computed().UseStateForUnknown().Describe("The principal the role's trust policy must trust."),
                    ],
                },
            },
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new CreateStorageCredentialRequest
        {
            WorkspaceId = workspaceId,
            Name = planned.RequiredString("name"),
            AwsIamRole = new AwsIamRole { RoleArn = RoleArn(planned) },
            Comment = planned.OptionalString("comment") ?? "",
            ReadOnly = planned["read_only"] is BoolValue { Value: true },
            SkipValidation = planned["skip_validation"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await SendAsync("create storage credential", options => context.Client.Catalog.CreateStorageCredentialAsync(request, options).ResponseAsync, cancellationToken);
        if (CatalogValues.OwnerToSet(planned, created.Owner) is { } owner)
        {
            created = await SendUpdateAsync(context, new UpdateStorageCredentialRequest { WorkspaceId = workspaceId, Name = created.Name, Owner = owner }, cancellationToken);
        }
        return ToState(workspaceId, created, planned);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var request = new UpdateStorageCredentialRequest
        {
            WorkspaceId = workspaceId,
            Name = prior.RequiredString("name"),
            Force = planned["force_update"] is BoolValue { Value: true },
            SkipValidation = planned["skip_validation"] is BoolValue { Value: true },
        };
        var changed = false;
        if (planned.RequiredString("name") != request.Name)
        {
            request.NewName = planned.RequiredString("name");
            changed = true;
        }
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
        if (planned["owner"] is StringValue { Value: var owner } && owner != prior.OptionalString("owner"))
        {
            request.Owner = owner;
            changed = true;
        }
        if (RoleArn(planned) != RoleArn(prior))
        {
            request.AwsIamRole = new AwsIamRole { RoleArn = RoleArn(planned) };
            changed = true;
        }
        var updated = changed
            ? await SendUpdateAsync(context, request, cancellationToken)
            : await CurrentAsync(context, workspaceId, request.Name, cancellationToken);
        return ToState(workspaceId, updated, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteStorageCredentialRequest
        {
            WorkspaceId = state.RequiredLong(CatalogValues.WorkspaceId),
            Name = state.RequiredString("name"),
            Force = state["force_destroy"] is BoolValue { Value: true },
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DeleteWithAsync("delete storage credential", options => context.Client.Catalog.DeleteStorageCredentialAsync(request, options).ResponseAsync, cancellationToken);
    }

    private static string RoleArn(ObjectValue value) =>
        value["aws_iam_role"] is ObjectValue role ? role.RequiredString("role_arn") : throw new ResourceException(Diagnostic.Error(
            "Missing aws_iam_role", "A storage credential needs an aws_iam_role { role_arn = \"arn:aws:iam::<account>:role/<name>\" } block.", AttributePath.Of("aws_iam_role")));

    private Task<StorageCredentialInfo> SendUpdateAsync(ResourceContext context, UpdateStorageCredentialRequest request, CancellationToken cancellationToken)
    {
        request.RequestId = DaemonCalls.NewRequestId();
        return SendAsync("update storage credential", options => context.Client.Catalog.UpdateStorageCredentialAsync(request, options).ResponseAsync, cancellationToken);
    }

    protected override string NameOf(ObjectValue value) => value.RequiredString("name");

    protected override Task<StorageCredentialInfo?> FindAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetStorageCredentialAsync(
            new GetStorageCredentialRequest { WorkspaceId = workspaceId, Name = name }, options).ResponseAsync, cancellationToken);

    protected override ObjectValue StateOf(long workspaceId, StorageCredentialInfo info, ObjectValue? prior) => ToState(workspaceId, info, prior);

    internal static ObjectValue ToState(long workspaceId, StorageCredentialInfo credential, ObjectValue? prior) => new(new Dictionary<string, Value>
    {
        [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
        ["name"] = Value.Of(credential.Name),
        ["comment"] = CatalogValues.Text(credential.Comment, prior, "comment"),
        ["read_only"] = Value.Of(credential.ReadOnly),
        ["skip_validation"] = CatalogValues.Flag(prior, "skip_validation"),
        ["owner"] = Value.Of(credential.Owner),
        ["force_update"] = CatalogValues.Flag(prior, "force_update"),
        ["force_destroy"] = CatalogValues.Flag(prior, "force_destroy"),
        ["id"] = Value.Of(credential.Name),
        ["storage_credential_id"] = Value.Of(credential.Id),
        ["metastore_id"] = Value.Of(credential.MetastoreId),
        ["aws_iam_role"] = new ObjectValue(new Dictionary<string, Value>
        {
            ["role_arn"] = Value.Of(credential.AwsIamRole?.RoleArn ?? ""),
            ["external_id"] = Value.Of(credential.AwsIamRole?.ExternalId ?? ""),
            ["unity_catalog_iam_arn"] = Value.Of(credential.AwsIamRole?.UnityCatalogIamArn ?? ""),
        }),
    });
}
