using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>SQLite databases as files in a temporary directory removed after the test class.</summary>
public sealed class SqliteBackend : StoreBackend
{
    private readonly string directory = Directory.CreateTempSubdirectory("lakeplane-store-tests-").FullName;

    public override Task<string> NewDatabaseAsync() =>
        Task.FromResult(Path.Combine(directory, $"{Guid.NewGuid():N}", "lakeplane.db"));

    public override IStore Open(string database, TimeProvider? timeProvider = null, IReadOnlyList<Migration>? migrations = null) =>
        new SqliteStore(database, timeProvider, migrations ?? StoreMigrations.All);

    public override Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
