namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>One privilege that reaches a principal on a securable, and why it does.</summary>
/// <param name="InheritedFrom">The securable it comes from; null when it is granted on (or the principal owns) the
/// securable itself.</param>
/// <param name="FromOwnership">Held because the principal owns <paramref name="InheritedFrom"/> (or the securable itself),
/// not through a grant: owners, and the metastore's owner as its admin, hold every privilege.</param>
public sealed record EffectiveSource(string Privilege, Securable? InheritedFrom, bool FromOwnership);
