using Grpc.Core;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// What the workspace-level catalog resources (catalog, schema, table, volume, storage credential, external location)
/// share. Each is found in its workspace by a name (for schemas, tables and volumes the dotted full name), so reading,
/// importing, calling the daemon and reporting an object that vanished before an update work the same for all of
/// them; a resource says only how to get its object and how its object becomes state.
/// </summary>
/// <typeparam name="TInfo">The daemon's message for the object (CatalogInfo, VolumeInfo, …).</typeparam>
public abstract class CatalogObjectResource<TInfo> : ResourceDefinition where TInfo : class
{
    /// <summary>What the object is called in messages: "catalog", "external location".</summary>
    protected abstract string Noun { get; }

    /// <summary>How an import id is written and an example of one: ("&lt;workspace_id&gt;/&lt;catalog&gt;.&lt;schema&gt;",
    /// "1234567890123456/main.sales"). The dots in the form give how many parts the name must have.</summary>
    protected abstract (string Form, string Example) ImportId { get; }

    /// <summary>The name the daemon finds the object by, from a plan or a state.</summary>
    protected abstract string NameOf(ObjectValue value);

    /// <summary>The object, or null when the daemon has none by that name.</summary>
    protected abstract Task<TInfo?> FindAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken);

    protected abstract ObjectValue StateOf(long workspaceId, TInfo info, ObjectValue? prior);

    public sealed override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(CatalogValues.WorkspaceId);
        var found = await FindAsync(context, workspaceId, NameOf(state), cancellationToken);
        return found is null ? null : StateOf(workspaceId, found, state);
    }

    public sealed override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var (form, example) = ImportId;
        var (workspaceId, name) = CatalogValues.ParseImportId(id, form, example);
        var nameForm = form[(form.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var parts = nameForm.Count(c => c == '.') + 1;
        if (parts > 1 && name.Split('.').Length != parts)
        {
            throw new ResourceException(Diagnostic.Error("Invalid import id",
                $"\"{name}\" is not a {Noun}'s full name: write {nameForm}, e.g. {example}."));
        }
        var found = await FindAsync(context, workspaceId, name, cancellationToken);
        return found is null ? null : StateOf(workspaceId, found, prior: null);
    }

    /// <summary>The object as the daemon has it now, for an update that had nothing to send; an object deleted since the
    /// plan is an error that says how to recover.</summary>
    protected async Task<TInfo> CurrentAsync(ResourceContext context, long workspaceId, string name, CancellationToken cancellationToken) =>
        await FindAsync(context, workspaceId, name, cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error($"Cannot update {Noun}",
            $"{char.ToUpperInvariant(Noun[0])}{Noun[1..]} {name} no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });

    /// <summary>One create or update call: retried while the daemon is briefly unavailable (each request carries its
    /// request id, so a retry is not a second change), and a daemon error becomes a diagnostic.</summary>
    protected Task<T> SendAsync<T>(string action, Func<CallOptions, Task<T>> call, CancellationToken cancellationToken) =>
        DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, action, () => DaemonCalls.WithRetriesAsync(call, cancellationToken));

    /// <summary>One delete call; an object already gone counts as deleted.</summary>
    protected Task DeleteWithAsync<T>(string action, Func<CallOptions, Task<T>> call, CancellationToken cancellationToken) =>
        DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, action, async () =>
        {
            await DaemonCalls.DeleteAsync(call, cancellationToken);
            return true;
        });
}
