using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>
/// The privileges granted directly on one securable, per principal (grant name), both sorted so that the API answers
/// the same order every time, and the principals whose privileges here an additive grant resource (lakeplane_grant)
/// has claimed, so that the authoritative one (lakeplane_grants) on the same securable leaves them alone. Immutable: a
/// change makes a new set.
/// </summary>
public sealed class GrantSet
{
    public static readonly GrantSet Empty = new(new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, SortedSet<string>> assignments;
    private readonly SortedSet<string> claimed;

    private GrantSet(SortedDictionary<string, SortedSet<string>> assignments, SortedSet<string> claimed)
    {
        this.assignments = assignments;
        this.claimed = claimed;
    }

    /// <summary>Principals claimed by an additive grant resource, whether or not they hold anything right now.</summary>
    public IReadOnlySet<string> Claimed => claimed;

    public bool IsClaimed(string principal) => claimed.Contains(principal);

    /// <summary>Principal → privileges, principals with no privilege left out.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlySet<string>>> Assignments =>
        assignments.Select(pair => new KeyValuePair<string, IReadOnlySet<string>>(pair.Key, pair.Value));

    /// <summary>Nothing granted and nothing claimed: the securable needs no grants row.</summary>
    public bool IsEmpty => assignments.Count == 0 && claimed.Count == 0;

    public static GrantSet From(IEnumerable<KeyValuePair<string, IEnumerable<string>>> assignments, IEnumerable<string>? claimed = null)
    {
        var copy = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (principal, privileges) in assignments)
        {
            var set = new SortedSet<string>(privileges, StringComparer.Ordinal);
            if (set.Count > 0)
            {
                copy[principal] = set;
            }
        }
        return new GrantSet(copy, new SortedSet<string>(claimed ?? [], StringComparer.Ordinal));
    }

    public IReadOnlySet<string> PrivilegesOf(string principal) =>
        assignments.TryGetValue(principal, out var privileges) ? privileges : new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Applies one principal's change: adds, then removes (a privilege in both ends up removed). Privileges must be
    /// normalised already; removing one that isn't held is no error.</summary>
    public GrantSet Apply(string principal, IEnumerable<string> add, IEnumerable<string> remove)
    {
        if (principal.Length == 0)
        {
            throw LakeplaneException.Invalid("changes.principal", "Every change needs a principal: a user name, group name or service principal application id.");
        }
        var copy = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (name, privileges) in assignments)
        {
            copy[name] = new SortedSet<string>(privileges, StringComparer.Ordinal);
        }
        if (!copy.TryGetValue(principal, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            copy[principal] = set;
        }
        set.UnionWith(add);
        set.ExceptWith(remove);
        if (set.Count == 0)
        {
            copy.Remove(principal);
        }
        return new GrantSet(copy, claimed);
    }

    /// <summary>Records that an additive grant resource manages <paramref name="principal"/> here (or no longer does).</summary>
    public GrantSet WithClaim(string principal, bool claim)
    {
        var copy = new SortedSet<string>(claimed, StringComparer.Ordinal);
        if (claim)
        {
            copy.Add(principal);
        }
        else
        {
            copy.Remove(principal);
        }
        return new GrantSet(assignments, copy);
    }
}
