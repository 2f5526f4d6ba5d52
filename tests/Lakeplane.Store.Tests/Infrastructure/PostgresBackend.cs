using System.Collections.Concurrent;
using Lakeplane.Daemon.Store;
using Npgsql;

namespace Lakeplane.Store.Tests;

/// <summary>PostgreSQL databases as fresh schemas on the shared test server, dropped after the test class.</summary>
public sealed class PostgresBackend : StoreBackend
{
    private readonly ConcurrentBag<string> schemas = [];
    private string connectionString = "";

    public override async Task InitializeAsync() => connectionString = await PostgresServer.ConnectionStringAsync();

    public override Task<string> NewDatabaseAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        schemas.Add(schema);
        return Task.FromResult(schema);
    }

    public override IStore Open(string database, TimeProvider? timeProvider = null, IReadOnlyList<Migration>? migrations = null) =>
        new PostgresStore(connectionString, database, timeProvider, migrations ?? StoreMigrations.All);

    public override async Task DisposeAsync()
    {
        if (schemas.IsEmpty)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = string.Concat(schemas.Select(schema => $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;"));
        await drop.ExecuteNonQueryAsync();
    }
}
