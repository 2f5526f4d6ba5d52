using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>One store engine as the conformance suite sees it: fresh empty databases, and stores opened on them.</summary>
public abstract class StoreBackend : IAsyncLifetime
{
    /// <summary>A database no test has used, named so that <see cref="Open"/> finds it.</summary>
    public abstract Task<string> NewDatabaseAsync();

    /// <summary>A store on <paramref name="database"/>; several may be open on one database at once, as replicas or restarts would be.</summary>
    public abstract IStore Open(string database, TimeProvider? timeProvider = null, IReadOnlyList<Migration>? migrations = null);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
