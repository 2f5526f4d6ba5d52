namespace Lakeplane.Resources.Model;

/// <summary>
/// What opening an ephemeral resource produced: its value (an object of the definition's
/// schema, every attribute known), when it must be renewed (null: never), and the resource's
/// own notes for renewing and closing it, which the tool hands back but never stores.
/// </summary>
public sealed record EphemeralResult(ObjectValue Result, DateTimeOffset? RenewAt, byte[]? Private);

/// <summary>What renewing produced: when to renew next (null: not again) and the notes for the next call.</summary>
public sealed record EphemeralRenewal(DateTimeOffset? RenewAt, byte[]? Private);

/// <summary>
/// A value that exists only for one run (Terraform ephemeral resource): opened when the run
/// needs it, never written to plan or state, and closed when the run is done with it — for
/// example a short-lived credential that is revoked at close. Pulumi has no counterpart.
/// </summary>
public abstract class EphemeralResourceDefinition
{
    /// <summary>Snake-case name without the provider prefix: "token" → ephemeral "lakeplane_token".</summary>
    public abstract string Name { get; }

    public abstract ObjectSchema Schema { get; }

    /// <summary>Cross-attribute checks beyond each attribute's validators. Values may be unknown.</summary>
    public virtual void ValidateConfig(ObjectValue config, Diagnostics diagnostics) { }

    /// <summary>Acquires the value for a wholly known configuration.</summary>
    public abstract Task<EphemeralResult> OpenAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the value's life; called only when <see cref="OpenAsync"/> or an earlier renewal
    /// asked for it by a RenewAt. A value that never asks needs no renewal, which is the default.
    /// </summary>
    public virtual Task<EphemeralRenewal> RenewAsync(ResourceContext context, byte[]? privateData, CancellationToken cancellationToken) =>
        Task.FromResult(new EphemeralRenewal(null, privateData));

    /// <summary>Releases the value; one already released or expired is not an error.</summary>
    public abstract Task CloseAsync(ResourceContext context, byte[]? privateData, CancellationToken cancellationToken);
}
