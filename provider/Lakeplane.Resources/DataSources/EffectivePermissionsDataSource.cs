using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Catalog;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>
/// data "lakeplane_effective_permissions": what principals can do on a securable, including what
/// they inherit from its parents, hold through groups (for a group: through the groups it is
/// nested in) or hold as owners, and where each privilege comes from (Unity Catalog's
/// effective-permissions API).
/// </summary>
public sealed class EffectivePermissionsDataSource : DataSourceDefinition
{
    private static readonly TypeSpec PrivilegeType = TypeSpec.ObjectOf(
    [
        new("privilege", TypeSpec.String),
        new("inherited_from_type", TypeSpec.String),
        new("inherited_from_name", TypeSpec.String),
        new("from_ownership", TypeSpec.Bool),
    ]);

    private static readonly TypeSpec AssignmentType = TypeSpec.ObjectOf(
    [
        new("principal", TypeSpec.String),
        new("privileges", TypeSpec.ListOf(PrivilegeType)),
    ]);

    public override string Name => "effective_permissions";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Effective (direct, inherited and group) privileges on a securable, and where each comes from.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose metastore holds the securable."),
            Attr.String("securable_type").Required().Validate(Validators.OneOf(SecurableKind.All.Select(k => k.SecurableType).ToArray()))
                .Describe("metastore, catalog, schema, table, volume, function, storage_credential or external_location."),
            Attr.String("full_name").Required().Describe("Full name of the securable (a metastore by its id)."),
            Attr.String("principal").Optional().Describe("Only what reaches this principal: directly, through its groups (for a group, the groups it is nested in) or as an owner."),
            Attr.ListOf(AssignmentType, "privilege_assignments").Computed()
                .Describe("Per principal holding a grant (the asked principal or one of its groups): each privilege, with inherited_from_type and inherited_from_name empty when granted on the securable itself, and from_ownership true when held because the principal owns that securable (owners hold ALL_PRIVILEGES and MANAGE)."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var request = new GetEffectivePermissionsRequest
        {
            WorkspaceId = config.RequiredLong("workspace_id"),
            SecurableType = config.RequiredString("securable_type"),
            FullName = config.RequiredString("full_name"),
            Principal = config["principal"] is StringValue { Value: var principal } ? principal : "",
        };
        var answer = await ListPages.CallAsync(Schema, "read effective permissions",
            options => context.Client.Catalog.GetEffectivePermissionsAsync(request, options).ResponseAsync, cancellationToken);
        var assignments = answer.PrivilegeAssignments.OrderBy(a => a.Principal, StringComparer.Ordinal).Select(a => (Value)new ObjectValue(new Dictionary<string, Value>
        {
            ["principal"] = Value.Of(a.Principal),
            ["privileges"] = new CollectionValue(a.Privileges.OrderBy(p => p.Privilege, StringComparer.Ordinal).Select(p => (Value)new ObjectValue(new Dictionary<string, Value>
            {
                ["privilege"] = Value.Of(p.Privilege),
                ["inherited_from_type"] = Value.Of(p.InheritedFromType),
                ["inherited_from_name"] = Value.Of(p.InheritedFromName),
                ["from_ownership"] = Value.Of(p.FromOwnership),
            })).ToArray()),
        })).ToArray();
        return config.With("privilege_assignments", new CollectionValue(assignments));
    }
}
