using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_grant (databricks_grant): the privileges of one principal on one securable, and
/// nothing else. Every other principal's grants are left alone, so several lakeplane_grant on one
/// securable, each for its own principal, never fight. For its own principal it is authoritative:
/// a privilege granted to it out of band shows as drift and is revoked by the next apply.
/// It claims its principal in the daemon when it applies (and imports) and releases it when
/// destroyed, so a lakeplane_grants on the same securable leaves that principal alone.
/// </summary>
public sealed class GrantResource : ResourceDefinition
{
    public override string Name => "grant";

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "The privileges of one principal on one securable; other principals are left alone, and a lakeplane_grants on the same securable leaves this principal alone. " +
            "Import with \"<workspace_id>/<securable_type>/<full_name>/<principal>\". " +
            "Importing claims the principal for this resource in the daemon at once (an import block does so during plan, since terraform calls " +
            "the provider no more when the imported object needs no change): from then on a lakeplane_grants on the securable leaves the principal alone.",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            .. Securable.Arguments(),
            Attr.String("principal").Required().RequiresReplace("Another principal's grants are another resource.").Validate(Validators.LengthBetween(1, 1024))
                .Describe("User name, group name or service principal application id."),
            Attr.SetOf(TypeSpec.String, "privileges").Required().Validate(Validators.SizeAtLeast(1), PrivilegeNameValidator.Instance)
                .Describe("Privileges as the API writes them, e.g. USE_CATALOG, SELECT, ALL_PRIVILEGES; change in place."),
            Attr.String("id").Computed().UseStateForUnknown().Describe("\"<workspace_id>/<securable_type>/<full_name>/<principal>\"; what import takes."),
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        if (SecurableKind.All.Any(k => config[k.Argument].IsUnknown))
        {
            return;
        }
        Securable.From(config, diagnostics)?.CheckApplicable(config["privileges"], AttributePath.Of("privileges"), diagnostics);
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken) =>
        await ApplyAsync(context, planned, cancellationToken);

    /// <summary>Null only when the securable is gone; a principal left with nothing is drift (an empty set), which the next apply grants again.</summary>
    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(state);
        var principal = state.RequiredString("principal");
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal, cancellationToken);
        return current is null ? null : ToState(workspaceId, securable, principal, PrivilegeSets.Lookup(current.Assignments, principal), state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await ApplyAsync(context, planned, cancellationToken);

    public override async Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(state);
        var principal = state.RequiredString("principal");
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal, cancellationToken);
        if (current is null)
        {
            return;
        }
        var changes = PrivilegeSets.Diff(current.Assignments, new Dictionary<string, IReadOnlySet<string>>(), [principal]);
        await GrantCalls.UpdateAsync(context, Schema.Root, workspaceId, securable, changes, cancellationToken, release: StoredSpelling(current, principal));
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var (workspaceId, securable, principal) = GrantCalls.ParseImportId(id, withPrincipal: true);
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal, cancellationToken);
        var held = current is null ? null : PrivilegeSets.Lookup(current.Assignments, principal!);
        if (current is null || held is null || held.Count == 0)
        {
            return null;
        }
        // Imported, the principal is this resource's from now on: a lakeplane_grants on the securable must leave it alone.
        if (!current.IsClaimed(principal!))
        {
            await GrantCalls.UpdateAsync(context, Schema.Root, workspaceId, securable, [], cancellationToken, claim: StoredSpelling(current, principal!));
        }
        return ToState(workspaceId, securable, principal!, held, prior: null);
    }

    private async Task<ObjectValue> ApplyAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(planned);
        var principal = planned.RequiredString("principal");
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal, cancellationToken)
            ?? throw new ResourceException(Diagnostic.Error(
                "Securable not found",
                $"There is no {securable} in the metastore of workspace {workspaceId}. Create it first, and refer to its resource's attributes so that it is created before the grant.",
                AttributePath.Of(securable.Kind.Argument)));
        var wanted = new Dictionary<string, IReadOnlySet<string>>(PrivilegeSets.Principals) { [principal] = PrivilegeSets.SetOf(planned["privileges"]) };
        var changes = PrivilegeSets.Diff(current.Assignments, wanted, [principal]);
        var after = changes.Count == 0 && current.IsClaimed(principal)
            ? current
            : await GrantCalls.UpdateAsync(context, Schema.Root, workspaceId, securable, changes, cancellationToken, claim: StoredSpelling(current, principal));
        return ToState(workspaceId, securable, principal, PrivilegeSets.Lookup(after.Assignments, principal), planned);
    }

    /// <summary>The principal as the daemon spells it when it holds something (grant names match without regard to case here).</summary>
    private static string StoredSpelling(SecurableGrants current, string principal) =>
        current.Assignments.Keys.FirstOrDefault(k => PrivilegeSets.Principals.Equals(k, principal))
        ?? current.Claimed.FirstOrDefault(k => PrivilegeSets.Principals.Equals(k, principal))
        ?? principal;

    internal static ObjectValue ToState(long workspaceId, Securable securable, string principal, IReadOnlySet<string> held, ObjectValue? prior)
    {
        var written = prior is null ? null : PrivilegeSets.SetOf(prior["privileges"]);
        var values = new Dictionary<string, Value>
        {
            [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
            ["principal"] = Value.Of(principal),
            ["privileges"] = StateValues.StringSet(PrivilegeSets.ForState(held, written, securable.Kind.SecurableType)),
            ["id"] = Value.Of($"{workspaceId}/{securable.Path}/{principal}"),
        };
        foreach (var kind in SecurableKind.All)
        {
            values[kind.Argument] = kind == securable.Kind ? Value.Of(securable.FullName) : Value.Null;
        }
        return new ObjectValue(values);
    }
}
