using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// lakeplane_grants (databricks_grants): the whole set of direct grants on one securable,
/// authoritatively. Whatever the configuration does not list is revoked — a grant made out of
/// band shows as drift on the next plan, and every plan that revokes something says so with a
/// warning per principal naming the privileges and the securable. Updates send only the
/// difference, per principal, in one call.
///
/// Mixing with lakeplane_grant on the same securable: each lakeplane_grant claims its principal in
/// the daemon (PermissionsChange.claim), and lakeplane_grants manages every principal except the
/// claimed ones — it neither reads them (no drift from them) nor revokes from them (its updates
/// ask the daemon to refuse a change to a claimed principal, which also covers both applying at
/// once). A principal listed here and claimed by a lakeplane_grant is an apply error naming both.
/// </summary>
public sealed class GrantsResource : ResourceDefinition
{
    public const string GrantBlock = "grant";

    public override string Name => "grants";

    public override string IdAttribute => "id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "All grants on one securable, authoritatively: privileges not listed are revoked, and the plan warns per principal before it revokes anything. " +
            "Import with \"<workspace_id>/<securable_type>/<full_name>\". Principals managed by a lakeplane_grant on the same securable are left to it: not read, not revoked, and not to be listed here.",
        Attributes =
        [
            CatalogValues.WorkspaceIdAttribute(),
            .. Securable.Arguments(),
            Attr.String("id").Computed().UseStateForUnknown().Describe("\"<workspace_id>/<securable_type>/<full_name>\"; what import takes."),
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = GrantBlock,
                Nesting = BlockNesting.Set,
                Description = "The privileges of one principal; one block per principal.",
                Object = GrantObject(),
            },
        ],
    });

    internal static ObjectSchema GrantObject() => new()
    {
        Attributes =
        [
            Attr.String("principal").Required().Validate(Validators.LengthBetween(1, 1024))
                .Describe("User name, group name or service principal application id."),
            Attr.SetOf(TypeSpec.String, "privileges").Required().Validate(Validators.SizeAtLeast(1), PrivilegeNameValidator.Instance)
                .Describe("Privileges as the API writes them, e.g. USE_CATALOG, SELECT, ALL_PRIVILEGES."),
        ],
    };

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        if (SecurableKind.All.Any(k => config[k.Argument].IsUnknown))
        {
            return;
        }
        var securable = Securable.From(config, diagnostics);
        if (config[GrantBlock] is not CollectionValue blocks)
        {
            return;
        }
        var path = AttributePath.Of(GrantBlock);
        var seen = new HashSet<string>(PrivilegeSets.Principals);
        foreach (var block in blocks.Elements.OfType<ObjectValue>())
        {
            securable?.CheckApplicable(block["privileges"], path.Attribute("privileges"), diagnostics);
            if (block["principal"] is StringValue { Value: var principal } && !seen.Add(principal))
            {
                diagnostics.AddError(
                    "Duplicate principal",
                    $"\"{principal}\" has more than one grant block: put all of its privileges in one block.",
                    path);
            }
        }
    }

    public override void ModifyPlan(ObjectValue? prior, ObjectValue config, ref ObjectValue planned, ISet<AttributePath> requiresReplace, Diagnostics diagnostics)
    {
        if (prior is null || requiresReplace.Count > 0 || !planned[GrantBlock].IsWhollyKnown)
        {
            return;
        }
        var securable = Securable.Require(prior);
        foreach (var (principal, privileges) in PrivilegeSets.Revocations(Assignments(prior), Assignments(planned)))
        {
            // One summary per principal: terraform folds warnings that share a summary into "and N more similar".
            diagnostics.AddWarning(
                $"Privileges will be revoked from {principal}",
                $"lakeplane_grants will revoke {string.Join(", ", privileges)} from {principal} on {securable}. " +
                "It manages every grant on the securable except those of principals a lakeplane_grant manages: add a grant block for the principal to keep them.",
                AttributePath.Of(GrantBlock));
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken) =>
        await ApplyAsync(context, planned, cancellationToken);

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(state);
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal: null, cancellationToken);
        return current is null ? null : ToState(workspaceId, securable, current.Unclaimed, state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await ApplyAsync(context, planned, cancellationToken);

    /// <summary>Revokes what the state holds; grants made since the last refresh are the next owner's to see.</summary>
    public override async Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(state);
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal: null, cancellationToken);
        if (current is null)
        {
            return; // the securable is gone, and its grants with it
        }
        var managed = Assignments(state);
        var changes = PrivilegeSets.Diff(current.Unclaimed, new Dictionary<string, IReadOnlySet<string>>(), managed.Keys.Where(p => !current.IsClaimed(p)));
        if (changes.Count > 0)
        {
            await GrantCalls.UpdateAsync(context, Schema.Root, workspaceId, securable, changes, cancellationToken, respectClaims: true);
        }
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var (workspaceId, securable, _) = GrantCalls.ParseImportId(id, withPrincipal: false);
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal: null, cancellationToken);
        return current is null ? null : ToState(workspaceId, securable, current.Unclaimed, prior: null);
    }

    /// <summary>Makes the securable's grants exactly the planned ones, against what the daemon has now.</summary>
    private async Task<ObjectValue> ApplyAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(CatalogValues.WorkspaceId);
        var securable = Securable.Require(planned);
        var current = await GrantCalls.GetAsync(context, workspaceId, securable, principal: null, cancellationToken)
            ?? throw new ResourceException(Diagnostic.Error(
                "Securable not found",
                $"There is no {securable} in the metastore of workspace {workspaceId}. Create it first, and refer to its resource's attributes so that it is created before the grant.",
                AttributePath.Of(securable.Kind.Argument)));
        var wanted = Assignments(planned);
        var contested = wanted.Keys.Where(current.IsClaimed).Order(StringComparer.Ordinal).ToList();
        if (contested.Count > 0)
        {
            throw new ResourceException(Diagnostic.Error(
                "Principal managed by a lakeplane_grant",
                $"lakeplane_grants on {securable} lists {string.Join(", ", contested)}, whose privileges on it a lakeplane_grant manages. " +
                "Each principal is managed by one of the two resources: remove its grant block from this lakeplane_grants, or remove the lakeplane_grant.",
                AttributePath.Of(GrantBlock)));
        }
        var changes = PrivilegeSets.Diff(current.Unclaimed, wanted);
        var after = changes.Count == 0 ? current : await GrantCalls.UpdateAsync(context, Schema.Root, workspaceId, securable, changes, cancellationToken, respectClaims: true);
        return ToState(workspaceId, securable, after.Unclaimed, planned);
    }

    /// <summary>The grant blocks of a plan or state as principal → privileges.</summary>
    internal static Dictionary<string, IReadOnlySet<string>> Assignments(ObjectValue value)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(PrivilegeSets.Principals);
        if (value[GrantBlock] is CollectionValue blocks)
        {
            foreach (var block in blocks.Elements.OfType<ObjectValue>())
            {
                result[block.RequiredString("principal")] = PrivilegeSets.SetOf(block["privileges"]);
            }
        }
        return result;
    }

    internal static ObjectValue ToState(long workspaceId, Securable securable, IReadOnlyDictionary<string, IReadOnlySet<string>> grants, ObjectValue? prior)
    {
        var written = prior is null ? new Dictionary<string, IReadOnlySet<string>>() : Assignments(prior);
        var blocks = grants.Keys.Order(StringComparer.Ordinal).Select(principal =>
        {
            var name = PrivilegeSets.SpellingOf(principal, written.Keys);
            var privileges = PrivilegeSets.ForState(grants[principal], written.GetValueOrDefault(name), securable.Kind.SecurableType);
            return (Value)new ObjectValue(new Dictionary<string, Value>
            {
                ["principal"] = Value.Of(name),
                ["privileges"] = StateValues.StringSet(privileges),
            });
        }).ToArray();
        var values = new Dictionary<string, Value>
        {
            [CatalogValues.WorkspaceId] = Value.Of(workspaceId),
            ["id"] = Value.Of($"{workspaceId}/{securable.Path}"),
            [GrantBlock] = new CollectionValue(blocks),
        };
        foreach (var kind in SecurableKind.All)
        {
            values[kind.Argument] = kind == securable.Kind ? Value.Of(securable.FullName) : Value.Null;
        }
        return new ObjectValue(values);
    }
}
