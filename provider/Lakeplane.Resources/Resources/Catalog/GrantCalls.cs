using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>The permissions API as the grant resources use it: read a securable's direct grants, apply per-principal changes.</summary>
public static class GrantCalls
{
    /// <summary>Principal → privileges granted directly on the securable; null when the securable does not exist.</summary>
    public static async Task<Dictionary<string, IReadOnlySet<string>>?> GetAsync(
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
        return list is null ? null : ToMap(list);
    }

    /// <summary>Applies the changes in one call (one transaction in the daemon); answers the securable's grants afterwards.</summary>
    public static async Task<Dictionary<string, IReadOnlySet<string>>> UpdateAsync(
        ResourceContext context, ObjectSchema schema, long workspaceId, Securable securable, IReadOnlyList<PrivilegeSets.Change> changes, CancellationToken cancellationToken)
    {
        var request = new UpdatePermissionsRequest
        {
            WorkspaceId = workspaceId,
            SecurableType = securable.Kind.SecurableType,
            FullName = securable.FullName,
            RequestId = DaemonCalls.NewRequestId(),
        };
        foreach (var change in changes)
        {
            request.Changes.Add(new PermissionsChange { Principal = change.Principal, Add = { change.Add }, Remove = { change.Remove } });
            context.Log($"grants on {securable}: {change.Principal} +[{string.Join(", ", change.Add)}] -[{string.Join(", ", change.Remove)}]");
        }
        var list = await DaemonErrors.RethrowAsDiagnosticAsync(schema, $"update grants on {securable}", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Catalog.UpdatePermissionsAsync(request, options).ResponseAsync, cancellationToken));
        return ToMap(list);
    }

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
