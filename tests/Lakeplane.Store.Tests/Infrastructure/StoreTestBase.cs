using Lakeplane.Daemon.Store;
using Microsoft.Extensions.Time.Testing;

namespace Lakeplane.Store.Tests;

/// <summary>
/// What every conformance test needs: fresh migrated stores on its engine (each test its own database,
/// so tests never see each other's rows), a controllable clock, and the stores closed afterwards.
/// </summary>
public abstract class StoreTestBase(StoreBackend backend) : IAsyncLifetime
{
    /// <summary>With sub-microsecond ticks, to prove stored times are cut to what both engines keep.</summary>
    protected static readonly DateTimeOffset StartTime = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5358979);

    private readonly List<IStore> opened = [];

    protected StoreBackend Backend { get; } = backend;

    protected FakeTimeProvider Clock { get; } = new(StartTime);

    /// <summary><see cref="StartTime"/> as the store records it.</summary>
    protected static DateTimeOffset StartTimeStored => new(StartTime.UtcTicks - StartTime.UtcTicks % 10, TimeSpan.Zero);

    protected async Task<IStore> NewStoreAsync()
    {
        var store = Open(await Backend.NewDatabaseAsync());
        await store.MigrateAsync();
        return store;
    }

    /// <summary>A store closed with the test; <paramref name="migrations"/> null means the real history.</summary>
    protected IStore Open(string database, IReadOnlyList<Migration>? migrations = null)
    {
        var store = Backend.Open(database, Clock, migrations);
        lock (opened)
        {
            opened.Add(store);
        }

        return store;
    }

    protected static Task WriteAsync(IStore store, Func<IStoreTransaction, Task> work) =>
        store.WriteAsync(async transaction =>
        {
            await work(transaction);
            return true;
        });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
    }
}
