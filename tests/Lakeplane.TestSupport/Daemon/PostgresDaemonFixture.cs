using Npgsql;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>
/// A daemon on --store postgres, with a database of its own on the shared test server, so test
/// classes run in parallel without seeing each other's accounts.
/// </summary>
public sealed class PostgresDaemonFixture : DaemonFixture
{
    private string _serverConnectionString = "";
    private string _database = "";

    public string ConnectionString { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LAKEPLANE_STORE"] = "postgres",
        ["LAKEPLANE_POSTGRES"] = ConnectionString,
    };

    public override async Task InitializeAsync()
    {
        _serverConnectionString = await TestPostgres.ConnectionStringAsync();
        _database = "lakeplane_daemon_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {_database}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    /// <summary>Every row of every table of the daemon's database, as text: for "this secret is stored nowhere" checks.</summary>
    public async Task<string> DumpAllRowsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }
        return dump.ToString();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
