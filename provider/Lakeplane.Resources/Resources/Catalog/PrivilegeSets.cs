using Lakeplane.Protos.Contract;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// Privilege sets as the grant resources compare and change them: order never matters, a
/// principal's name is matched without regard to case (the configuration's spelling is kept), and
/// ALL_PRIVILEGES written alongside privileges it stands for means the same as the API answering
/// only some of them — so a read never shows a change the user did not make, whichever way the
/// API reports such a set.
/// </summary>
public static class PrivilegeSets
{
    /// <summary>One principal's change: what to add and what to remove so that it holds exactly the wanted set.</summary>
    public sealed record Change(string Principal, IReadOnlyList<string> Add, IReadOnlyList<string> Remove);

    public static readonly StringComparer Principals = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The changes that take <paramref name="current"/> to <paramref name="wanted"/> for the
    /// principals in <paramref name="scope"/> (null: every principal in either, the authoritative case).
    /// </summary>
    public static IReadOnlyList<Change> Diff(
        IReadOnlyDictionary<string, IReadOnlySet<string>> current, IReadOnlyDictionary<string, IReadOnlySet<string>> wanted, IEnumerable<string>? scope = null)
    {
        var principals = (scope ?? current.Keys.Concat(wanted.Keys)).Distinct(Principals).Order(StringComparer.Ordinal);
        var changes = new List<Change>();
        foreach (var principal in principals)
        {
            var held = Lookup(current, principal);
            var want = Lookup(wanted, principal);
            var add = want.Except(held, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var remove = held.Except(want, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (add.Count > 0 || remove.Count > 0)
            {
                // The API answers the stored spelling of an existing principal; a new one is written as configured.
                var name = current.Keys.FirstOrDefault(k => Principals.Equals(k, principal)) ?? wanted.Keys.First(k => Principals.Equals(k, principal));
                changes.Add(new Change(name, add, remove));
            }
        }
        return changes;
    }

    /// <summary>What each principal of <paramref name="before"/> loses in <paramref name="after"/>: the revocations a plan announces.</summary>
    public static IReadOnlyList<(string Principal, IReadOnlyList<string> Privileges)> Revocations(
        IReadOnlyDictionary<string, IReadOnlySet<string>> before, IReadOnlyDictionary<string, IReadOnlySet<string>> after) =>
        before.Keys.Order(StringComparer.Ordinal)
            .Select(principal => (principal, (IReadOnlyList<string>)before[principal].Except(Lookup(after, principal), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .Where(r => r.Item2.Count > 0)
            .ToList();

    /// <summary>True when the two sets grant the same on a securable of <paramref name="securableType"/>.</summary>
    public static bool Equivalent(IEnumerable<string> a, IEnumerable<string> b, string securableType) =>
        Reduce(a, securableType).SetEquals(Reduce(b, securableType));

    /// <summary>The set without privileges that an ALL_PRIVILEGES in it already stands for.</summary>
    private static HashSet<string> Reduce(IEnumerable<string> privileges, string securableType)
    {
        var set = new HashSet<string>(privileges, StringComparer.Ordinal);
        if (set.Contains(UnityCatalogPrivileges.AllPrivileges))
        {
            set.RemoveWhere(p => UnityCatalogPrivileges.IsIncludedInAll(p, securableType));
        }
        return set;
    }

    /// <summary>
    /// The privileges to record for one principal: as the prior state (the configuration) wrote
    /// them when they grant the same as what the API answered, otherwise the API's answer.
    /// </summary>
    public static IReadOnlyCollection<string> ForState(IReadOnlySet<string> answered, IReadOnlySet<string>? written, string securableType) =>
        written is not null && Equivalent(answered, written, securableType) ? written : answered;

    /// <summary>The principal's set in <paramref name="assignments"/>, matched without regard to case; empty when absent.</summary>
    public static IReadOnlySet<string> Lookup(IReadOnlyDictionary<string, IReadOnlySet<string>> assignments, string principal)
    {
        if (assignments.TryGetValue(principal, out var exact))
        {
            return exact;
        }
        foreach (var (name, privileges) in assignments)
        {
            if (Principals.Equals(name, principal))
            {
                return privileges;
            }
        }
        return new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The configuration's spelling of <paramref name="principal"/> when <paramref name="written"/> has it in another case.</summary>
    public static string SpellingOf(string principal, IEnumerable<string> written) =>
        written.FirstOrDefault(w => Principals.Equals(w, principal)) ?? principal;

    public static IReadOnlySet<string> SetOf(Value value) => value is CollectionValue collection
        ? collection.Elements.OfType<StringValue>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal)
        : new HashSet<string>(StringComparer.Ordinal);
}
