namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>One securable as the privilege engine sees it: what it is, its owner and the grants made on it.</summary>
/// <param name="FullName">How messages and effective permissions name it: catalog.schema.table, or the metastore id.</param>
/// <param name="Owner">The grant name of its owner (a user, group or service principal).</param>
public sealed record Securable(SecurableType Type, string Id, string FullName, string Owner, GrantSet Grants);

/// <summary>
/// A securable with everything above it that decides access to it: the metastore, then (for the three-level namespace)
/// the catalog and schema. At most four securables: a check never reads more than this.
/// </summary>
/// <param name="Nodes">From the top (catalog, or a credential/location) down to the securable itself; empty when the
/// securable is the metastore.</param>
public sealed record SecurablePath(Securable Metastore, IReadOnlyList<Securable> Nodes)
{
    public static SecurablePath OfMetastore(Securable metastore) => new(metastore, []);

    public Securable Target => Nodes.Count == 0 ? Metastore : Nodes[^1];

    public SecurablePath Child(Securable child) => new(Metastore, [.. Nodes, child]);

    /// <summary>The securables the target inherits grants from: its catalog and schema (metastore grants are not inherited).</summary>
    public IEnumerable<Securable> InheritedFrom =>
        Nodes.Take(Nodes.Count - 1).Where(node => node.Type is SecurableType.Catalog or SecurableType.Schema);
}
