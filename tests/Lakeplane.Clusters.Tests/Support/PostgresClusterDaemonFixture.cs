using Lakeplane.Daemon.Tests.Support;
using Npgsql;

namespace Lakeplane.Clusters.Tests.Support;

/// <summary>
/// <see cref="ClusterDaemonFixture"/> on --store postgres, with a database of its own on the shared test server
/// (LAKEPLANE_TEST_POSTGRES, or one tests/scripts/postgres.sh starts), so cluster rows, node records and events take
/// the PostgreSQL code paths of the store, and test classes run in parallel without seeing each other's accounts.
/// </summary>
public sealed class PostgresClusterDaemonFixture : ClusterDaemonFixture
{
    private string _serverConnectionString = "";
    private string _database = "";
    private string _connectionString = "";

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>
    {
        ["LAKEPLANE_STORE"] = "postgres",
        ["LAKEPLANE_POSTGRES"] = _connectionString,
    };

    public override async Task InitializeAsync()
    {
        _serverConnectionString = await TestPostgres.ConnectionStringAsync();
        _database = "lakeplane_clusters_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {_database}");
        _connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
