using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;

namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>
/// Decides what a principal may do on a securable, from the securable's path alone (no store access): metastore admins
/// (the metastore's owner and account admins) hold everything; the owner of a securable or of any securable above it holds
/// everything on it; otherwise a privilege is held when granted, to the principal or a group it belongs to, on the
/// securable itself, or on its catalog or schema when the privilege applies to the securable's type. ALL_PRIVILEGES stands
/// for every privilege of the type except MANAGE and the EXTERNAL_USE ones.
/// </summary>
public static class PrivilegeEvaluator
{
    public static bool IsMetastoreAdmin(GrantIdentity who, Securable metastore) =>
        who.IsAccountAdmin || (metastore.Owner.Length > 0 && who.IsCoveredBy(metastore.Owner));

    /// <summary>Owner of the securable or of one above it in the catalog tree, or metastore admin.</summary>
    public static bool IsOwnerOrAdmin(GrantIdentity who, SecurablePath path) =>
        IsMetastoreAdmin(who, path.Metastore) || path.Nodes.Any(node => who.IsCoveredBy(node.Owner));

    public static bool Holds(GrantIdentity who, SecurablePath path, string privilege)
    {
        if (IsOwnerOrAdmin(who, path))
        {
            return true;
        }
        var target = path.Target;
        if (GrantedOn(who, target, privilege, target.Type))
        {
            return true;
        }
        return Privilege.AppliesToType(privilege, target.Type) && path.InheritedFrom.Any(node => GrantedOn(who, node, privilege, target.Type));
    }

    /// <summary>Throws PERMISSION_DENIED naming the privilege and the securable unless <paramref name="who"/> holds it.</summary>
    /// <param name="callerLabel">How the message names the caller, e.g. "User alice@example.com".</param>
    public static void Require(GrantIdentity who, string callerLabel, SecurablePath path, string privilege)
    {
        if (!Holds(who, path, privilege))
        {
            throw Denied(callerLabel, path.Target, privilege);
        }
    }

    public static LakeplaneException Denied(string callerLabel, Securable securable, string privilege) =>
        LakeplaneException.Denied($"{callerLabel} does not have {privilege} on {securable.Type.ToLabel()} {securable.FullName}.");

    /// <summary>
    /// Whether the securable shows up for the principal at all: ownership or admin, any privilege on it, or a privilege
    /// inherited from its catalog or schema that applies to it, or BROWSE on its catalog (metadata of everything inside).
    /// </summary>
    public static bool MaySee(GrantIdentity who, SecurablePath path)
    {
        if (IsOwnerOrAdmin(who, path))
        {
            return true;
        }
        var target = path.Target;
        if (target.Grants.Assignments.Any(pair => who.IsCoveredBy(pair.Key)))
        {
            return true;
        }
        return path.InheritedFrom.Any(node => node.Grants.Assignments.Any(pair => who.IsCoveredBy(pair.Key) && pair.Value.Any(privilege =>
            privilege is Privilege.AllPrivileges or Privilege.Browse || Privilege.AppliesToType(privilege, target.Type))));
    }

    /// <summary>
    /// Every privilege that reaches the securable, per principal, with where it comes from: grants on the securable
    /// itself (inherited_from empty), then those of its catalog and schema that apply to it, then ownership — the owner
    /// of the securable or of one above it (the metastore's owner being its admin) holds every privilege, reported as
    /// ALL_PRIVILEGES and MANAGE (on a metastore: its own privileges) from the owned securable. Only principals for which
    /// <paramref name="reaches"/> is true are listed (all when it is null).
    /// </summary>
    public static IReadOnlyList<(string Principal, IReadOnlyList<EffectiveSource> Privileges)> Effective(SecurablePath path, Func<string, bool>? reaches)
    {
        var target = path.Target;
        var byPrincipal = new SortedDictionary<string, List<EffectiveSource>>(StringComparer.Ordinal);
        void Add(string principal, string privilege, Securable? from, bool fromOwnership)
        {
            if (principal.Length == 0 || (reaches is not null && !reaches(principal)))
            {
                return;
            }
            if (!byPrincipal.TryGetValue(principal, out var list))
            {
                list = [];
                byPrincipal[principal] = list;
            }
            list.Add(new EffectiveSource(privilege, from, fromOwnership));
        }
        foreach (var (grantee, privileges) in target.Grants.Assignments)
        {
            foreach (var privilege in privileges)
            {
                Add(grantee, privilege, null, false);
            }
        }
        foreach (var node in path.InheritedFrom.Reverse())
        {
            foreach (var (grantee, privileges) in node.Grants.Assignments)
            {
                foreach (var privilege in privileges.Where(p => p is Privilege.AllPrivileges or Privilege.Browse || Privilege.AppliesToType(p, target.Type)))
                {
                    Add(grantee, privilege, node, false);
                }
            }
        }
        var whatOwnersHold = target.Type == SecurableType.Metastore
            ? Privilege.Known.Where(p => Privilege.AppliesToType(p, SecurableType.Metastore)).Order(StringComparer.Ordinal).ToList()
            : [Privilege.AllPrivileges, Privilege.Manage];
        foreach (var owned in path.Nodes.Reverse().Append(path.Metastore).Distinct())
        {
            foreach (var privilege in whatOwnersHold)
            {
                Add(owned.Owner, privilege, ReferenceEquals(owned, target) ? null : owned, true);
            }
        }
        return byPrincipal.Select(pair => (pair.Key, (IReadOnlyList<EffectiveSource>)pair.Value)).ToList();
    }

    private static bool GrantedOn(GrantIdentity who, Securable node, string privilege, SecurableType targetType)
    {
        foreach (var (grantee, privileges) in node.Grants.Assignments)
        {
            if (!who.IsCoveredBy(grantee))
            {
                continue;
            }
            if (privileges.Contains(privilege) || (privileges.Contains(Privilege.AllPrivileges) && Privilege.IsIncludedInAll(privilege, targetType)))
            {
                return true;
            }
        }
        return false;
    }
}
