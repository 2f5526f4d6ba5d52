using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// The direct grants on one securable as the daemon answered them, and the principals an additive lakeplane_grant has
/// claimed there (whose privileges the authoritative lakeplane_grants leaves alone).
/// </summary>
public sealed record SecurableGrants(IReadOnlyDictionary<string, IReadOnlySet<string>> Assignments, IReadOnlySet<string> Claimed)
{
    public bool IsClaimed(string principal) => Claimed.Contains(principal);

    /// <summary>The assignments lakeplane_grants manages: every principal no lakeplane_grant has claimed.</summary>
    public Dictionary<string, IReadOnlySet<string>> Unclaimed =>
        Assignments.Where(pair => !IsClaimed(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, PrivilegeSets.Principals);
}

/// <summary>The permissions API as the grant resources use it: read a securable's direct grants, apply per-principal changes.</summary>
public static class GrantCalls
{
    /// <summary>The securable's direct grants and claims (only <paramref name="principal"/>'s when given); null when the securable does not exist.</summary>
    public static async Task<SecurableGrants?> GetAsync(
        ResourceContext context, long workspaceId, Securable securable, string? principal, CancellationToken cancellationToken)
    {
        var request = new GetPermissionsRequest
        {
            WorkspaceId = workspaceId,
            SecurableType = securable.Kind.SecurableType,
            FullName = securable.FullName,
            Principal = principal ?? "",
        };
        var list = await DaemonCalls.GetOrNullAsync(options => context.Client.Catalog.GetPermissionsAsync(request, options).ResponseAsync, cancellationToken);
        return list is null ? null : ToGrants(list);
    }

    /// <summary>
    /// Applies the changes in one call (one transaction in the daemon); answers the securable's grants afterwards.
    /// <paramref name="respectClaims"/>: the daemon refuses a change to a claimed principal (lakeplane_grants sends it, so
    /// it never revokes what a lakeplane_grant manages, even when both apply at once). <paramref name="claim"/> and
    /// <paramref name="release"/>: the principal whose claim lakeplane_grant takes or gives up in the same call.
    /// </summary>
    public static async Task<SecurableGrants> UpdateAsync(
        ResourceContext context, ObjectSchema schema, long workspaceId, Securable securable, IReadOnlyList<PrivilegeSets.Change> changes, CancellationToken cancellationToken,
        bool respectClaims = false, string? claim = null, string? release = null)
    {
        var request = new UpdatePermissionsRequest
        {
            WorkspaceId = workspaceId,
            SecurableType = securable.Kind.SecurableType,
            FullName = securable.FullName,
            RequestId = DaemonCalls.NewRequestId(),
            RespectClaims = respectClaims,
        };
        foreach (var change in changes)
        {
            request.Changes.Add(new PermissionsChange { Principal = change.Principal, Add = { change.Add }, Remove = { change.Remove } });
            context.Log($"grants on {securable}: {change.Principal} +[{string.Join(", ", change.Add)}] -[{string.Join(", ", change.Remove)}]");
        }
        foreach (var (principal, claims) in new[] { (claim, true), (release, false) })
        {
            if (principal is null)
            {
                continue;
            }
            var change = request.Changes.FirstOrDefault(c => c.Principal == principal);
            if (change is null)
            {
                change = new PermissionsChange { Principal = principal };
                request.Changes.Add(change);
            }
            change.Claim = claims;
            change.Release = !claims;
            context.Log($"grants on {securable}: {(claims ? "claim" : "release")} {principal}");
        }
        var list = await DaemonErrors.RethrowAsDiagnosticAsync(schema, $"update grants on {securable}", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.UpdatePermissionsAsync(request, options).ResponseAsync, cancellationToken));
        return ToGrants(list);
    }

    private static SecurableGrants ToGrants(PermissionsList list) =>
        new(ToMap(list), list.ClaimedPrincipals.ToHashSet(PrivilegeSets.Principals));

    private static Dictionary<string, IReadOnlySet<string>> ToMap(PermissionsList list) =>
        list.PrivilegeAssignments
            .Where(a => a.Privileges.Count > 0)
            .ToDictionary(a => a.Principal, a => (IReadOnlySet<string>)a.Privileges.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>"&lt;workspace_id&gt;/&lt;securable_type&gt;/&lt;full_name&gt;[/&lt;principal&gt;]" split, with the expected form in the error.</summary>
    public static (long WorkspaceId, Securable Securable, string? Principal) ParseImportId(string id, bool withPrincipal)
    {
        var expected = withPrincipal ? "<workspace_id>/<securable_type>/<full_name>/<principal>" : "<workspace_id>/<securable_type>/<full_name>";
        var example = withPrincipal ? "1234567890123456/table/main.sales.orders/analysts" : "1234567890123456/table/main.sales.orders";
        var (workspaceId, rest) = CatalogValues.ParseImportId(id, expected, example);
        var parts = rest.Split('/', withPrincipal ? 3 : 2);
        var kind = parts.Length > 0 ? SecurableKind.FromSecurableType(parts[0]) : null;
        if (kind is null || parts.Length != (withPrincipal ? 3 : 2) || parts.Any(p => p.Length == 0))
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id",
                $"Import with \"{expected}\", for example {example}; securable_type is one of {string.Join(", ", SecurableKind.All.Select(k => k.SecurableType))}."));
        }
        return (workspaceId, new Securable(kind, parts[1]), withPrincipal ? parts[2] : null);
    }
}
