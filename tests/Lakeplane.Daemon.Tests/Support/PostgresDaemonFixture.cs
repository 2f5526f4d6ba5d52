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

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
