using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Hosting;

/// <summary>Chooses the store the settings name: SQLite in the data directory (default) or PostgreSQL.</summary>
public static class StoreFactory
{
    public const string SqliteFileName = "lakeplane.db";

    public static IStore Create(DaemonSettings settings) => settings.Store switch
    {
        "sqlite" => new SqliteStore(Path.Combine(settings.DataDirectory, SqliteFileName)),
        "postgres" => new PostgresStore(settings.PostgresConnectionString
            ?? throw new ArgumentException("--store postgres needs --postgres \"<connection string>\" (or LAKEPLANE_POSTGRES).")),
        _ => throw new ArgumentException($"--store '{settings.Store}' is not a store: use sqlite or postgres."),
    };
}
