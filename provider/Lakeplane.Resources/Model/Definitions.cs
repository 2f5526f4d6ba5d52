using Lakeplane.Protos.Client;

namespace Lakeplane.Resources.Model;

/// <summary>
/// What every resource request gets: the configured daemon connection, a way to report
/// progress (Terraform writes it to its log, Pulumi to Engine.Log) and the deadline the user
/// asked for the operation at hand, if any.
/// </summary>
public sealed class ResourceContext(LakeplaneConnection client, Action<string> log, TimeSpan? requestedDeadline = null)
{
    public LakeplaneConnection Client { get; } = client;

    /// <summary>How long the operation at hand may wait, as the user asked in their engine's way
    /// (Terraform's timeouts block, Pulumi's customTimeouts); null when they did not ask.</summary>
    public TimeSpan? RequestedDeadline { get; } = requestedDeadline;

    public void Log(string message) => log(message);

    /// <summary>This context for an operation the user gave <paramref name="deadline"/> (null: none).</summary>
    public ResourceContext WithDeadline(TimeSpan? deadline) => new(Client, log, deadline);

    /// <summary>How long <paramref name="operation"/> may wait: what the user asked, else the resource's default.</summary>
    public TimeSpan DeadlineFor(ResourceOperation operation, OperationDeadlines defaults) => RequestedDeadline ?? defaults.For(operation);
}

/// <summary>
/// One managed resource, described once for both Terraform and Pulumi: its schema and how it
/// is created, read, updated, deleted and imported against the daemon. Values in and out are
/// whole objects of <see cref="Schema"/>'s type.
/// </summary>
public abstract class ResourceDefinition
{
    /// <summary>Snake-case name without the provider prefix: "workspace" → lakeplane_workspace / lakeplane:index:Workspace.</summary>
    public abstract string Name { get; }

    public abstract ResourceSchema Schema { get; }

    /// <summary>The attribute that holds the object's id (what import takes).</summary>
    public abstract string IdAttribute { get; }

    /// <summary>How long each operation waits for lakeplaned by default; null for a resource whose operations
    /// do not wait. Only such resources offer the engines' ways to change it (Terraform's timeouts block,
    /// Pulumi's customTimeouts), through <see cref="ResourceContext.RequestedDeadline"/>.</summary>
    public virtual OperationDeadlines? DefaultDeadlines => null;

    /// <summary>Cross-attribute checks beyond each attribute's validators. Values may be unknown.</summary>
    public virtual void ValidateConfig(ObjectValue config, Diagnostics diagnostics) { }

    /// <summary>A last say on a plan after the generic rules ran (e.g. replace only for some changes).
    /// <paramref name="prior"/> is null on create.</summary>
    public virtual void ModifyPlan(ObjectValue? prior, ObjectValue config, ref ObjectValue planned, ISet<AttributePath> requiresReplace, Diagnostics diagnostics) { }

    /// <summary>Creates the object; returns the new state, every attribute known.</summary>
    public abstract Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken);

    /// <summary>Refreshes state from the daemon; null when the object no longer exists.</summary>
    public abstract Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken);

    public abstract Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken);

    /// <summary>Deletes; an object already gone is not an error.</summary>
    public abstract Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken);

    /// <summary>The state for an existing object known only by its id; null when there is none.</summary>
    public abstract Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken);

    /// <summary>Upgrades state written by an older schema version (raw JSON-decoded values).</summary>
    public virtual ObjectValue UpgradeState(long fromVersion, ObjectValue state) => state;
}

/// <summary>A read-only lookup: Terraform data source, Pulumi function.</summary>
public abstract class DataSourceDefinition
{
    public abstract string Name { get; }

    public abstract ObjectSchema Schema { get; }

    public virtual void ValidateConfig(ObjectValue config, Diagnostics diagnostics) { }

    public abstract Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken);
}
