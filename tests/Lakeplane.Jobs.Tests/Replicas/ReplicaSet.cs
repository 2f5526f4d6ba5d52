using System.Globalization;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Npgsql;

namespace Lakeplane.Jobs.Tests.Replicas;

/// <summary>
/// Three lakeplaned processes on one real PostgreSQL database (a database of its own, dropped afterwards), sharing one
/// local compute directory as replicas on one host do, with short leases so a takeover takes seconds. Knows which replica
/// holds which loop lease by reading the lease rows, and kills and replaces replicas.
/// </summary>
public sealed class ReplicaSet : IAsyncDisposable
{
    public const int LeaseMilliseconds = 1500;

    private readonly string _root = Directory.CreateTempSubdirectory("lakeplane-replicas-").FullName;
    private readonly List<DaemonProcess> _replicas = [];
    private readonly Lock _lock = new();
    private Dictionary<string, string> _environment = [];
    private string _server = "";
    private int _started;

    public string Database { get; private set; } = "";

    /// <summary>A temporary directory of the test's own: the replicas' data directories, the compute directory, markers.</summary>
    public string Root => _root;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The compute directory every replica shares: nodes live under its nodes/.</summary>
    public string ComputeDirectory => Path.Combine(_root, "compute");

    public string FirstDataDirectory => Path.Combine(_root, "replica-1");

    public IReadOnlyList<DaemonProcess> Live
    {
        get { lock (_lock) { return _replicas.Where(r => !r.HasExited).ToList(); } }
    }

    public static async Task<ReplicaSet> StartAsync(int count)
    {
        var set = new ReplicaSet();
        set._server = await TestPostgres.ConnectionStringAsync();
        set.Database = "lakeplane_replicas_" + Guid.NewGuid().ToString("N")[..12];
        await set.ExecuteAsync(set._server, $"CREATE DATABASE {set.Database}");
        set.ConnectionString = new NpgsqlConnectionStringBuilder(set._server) { Database = set.Database }.ConnectionString;
        set._environment = new Dictionary<string, string>
        {
            ["LAKEPLANE_STORE"] = "postgres",
            ["LAKEPLANE_POSTGRES"] = set.ConnectionString,
            ["LAKEPLANE_LEASE_MS"] = LeaseMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["LAKEPLANE_JOBS_LEASE_MS"] = LeaseMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["LAKEPLANE_JOBS_MISFIRE_MS"] = "30000",
            ["LAKEPLANE_COMPUTE_DIR"] = set.ComputeDirectory,
            ["LAKEPLANE_NODE_AGENT"] = NodeAgentBinary.Locate(),
            ["LAKEPLANE_NODE_HEARTBEAT_MS"] = "200",
            ["LAKEPLANE_NODE_TIMEOUT_MS"] = "8000",
            ["LAKEPLANE_CLUSTER_RECONCILE_MS"] = "250",
            ["LAKEPLANE_JOBS_POLL_MS"] = "250",
            ["LAKEPLANE_PROVISION_DELAY_MS"] = "1500",
            // Replicas of one store share the master key (docs/deployment.md).
            ["LAKEPLANE_MASTER_KEY_FILE"] = Path.Combine(set._root, "master.key"),
        };
        for (var i = 0; i < count; i++)
        {
            await set.StartOneAsync();
        }
        return set;
    }

    public async Task<DaemonProcess> StartOneAsync()
    {
        var number = Interlocked.Increment(ref _started);
        var directory = Path.Combine(_root, "replica-" + number.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var replica = await DaemonProcess.StartAsync(directory, _environment);
        lock (_lock)
        {
            _replicas.Add(replica);
        }
        return replica;
    }

    /// <summary>The live replica holding the lease of <paramref name="role"/> (clusters, provisioning, jobs), waiting for one.</summary>
    public async Task<DaemonProcess> HolderAsync(string role)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var body = await ScalarAsync($"SELECT body FROM lakeplane.objects WHERE kind = 'loop_lease' AND id = '{role}'");
            if (body is string json)
            {
                using var lease = System.Text.Json.JsonDocument.Parse(json);
                var holder = lease.RootElement.GetProperty("holder").GetString() ?? "";
                var expires = lease.RootElement.GetProperty("expires_at").GetInt64();
                var pid = int.Parse(holder.Split(':')[1], CultureInfo.InvariantCulture);
                var replica = Live.FirstOrDefault(r => r.ProcessId == pid);
                if (replica is not null && expires > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
                {
                    return replica;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"No live replica holds the '{role}' lease.");
            await Task.Delay(100);
        }
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        NodeProcesses.KillAll(ComputeDirectory);
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        Directory.Delete(_root, recursive: true);
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
