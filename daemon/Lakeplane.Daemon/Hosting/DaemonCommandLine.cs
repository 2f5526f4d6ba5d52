using System.CommandLine;
using System.Globalization;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// `lakeplaned serve` and its options. Each option is taken from, in order: the flag, the
/// LAKEPLANE_* environment variable, the "Lakeplane" section of appsettings.json, the default.
/// </summary>
public static class DaemonCommandLine
{
    private static readonly Option<string?> Listen = new("--listen")
    {
        Description = "host:port to serve gRPC and REST on (HTTP/1.1 and HTTP/2 cleartext). Port 0 picks a free port. Env LAKEPLANE_LISTEN. Default 127.0.0.1:7070.",
    };

    private static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Directory for the SQLite database, local storage and the env file. Env LAKEPLANE_DATA_DIR. Default ./.lakeplane.",
    };

    private static readonly Option<string?> StoreKind = new("--store")
    {
        Description = "sqlite (embedded, in the data directory) or postgres. Env LAKEPLANE_STORE. Default sqlite.",
    };

    private static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "Npgsql connection string for --store postgres. Env LAKEPLANE_POSTGRES.",
    };

    private static readonly Option<string?> StorageDriver = new("--storage-driver")
    {
        Description = "local (directories under <data-dir>/storage) or s3. Env LAKEPLANE_STORAGE_DRIVER. Default local. S3: --s3-endpoint (LAKEPLANE_S3_ENDPOINT, "
            + "an S3-compatible server; AWS when unset), --s3-region (LAKEPLANE_S3_REGION), --s3-access-key-id (LAKEPLANE_S3_ACCESS_KEY_ID) with the secret "
            + "in LAKEPLANE_S3_SECRET_ACCESS_KEY; LAKEPLANE_S3_FORCE_PATH_STYLE, LAKEPLANE_S3_ASSUME_ROLE, LAKEPLANE_STORAGE_LOCAL_STRICT_BUCKETS.",
    };

    private static readonly Option<string?> S3Endpoint = new("--s3-endpoint") { Description = "Service URL of an S3-compatible server. Env LAKEPLANE_S3_ENDPOINT." };

    private static readonly Option<string?> S3Region = new("--s3-region") { Description = "Region S3 requests are signed for. Env LAKEPLANE_S3_REGION. Default us-east-1." };

    private static readonly Option<string?> S3AccessKeyId = new("--s3-access-key-id") { Description = "The daemon's S3 access key id. Env LAKEPLANE_S3_ACCESS_KEY_ID." };

    public static RootCommand Build()
    {
        StoreKind.AcceptOnlyFromAmong("sqlite", "postgres");
        var serve = new Command("serve", "Run the control plane daemon in the foreground until SIGTERM or Ctrl+C.")
        {
            Listen, DataDir, StoreKind, Postgres, StorageDriver, S3Endpoint, S3Region, S3AccessKeyId,
        };
        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await DaemonServer.RunAsync(Resolve(parseResult), cancellationToken);
            }
            catch (Exception exception) when (exception is ArgumentException or StoreSchemaTooNewException or StartupRefusedException)
            {
                // A setting or the database is wrong: say what, without a stack trace.
                await Console.Error.WriteLineAsync("lakeplaned: " + exception.Message);
                return 2;
            }
        });
        return new RootCommand("lakeplaned: the Lakeplane control plane (account, identity and workspace APIs over gRPC and REST).")
        {
            serve,
        };
    }

    private static DaemonSettings Resolve(ParseResult parseResult)
    {
        var appsettings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .Build()
            .GetSection("Lakeplane");
        string? Pick(Option<string?>? flag, string variable, string key) =>
            (flag is null ? null : parseResult.GetValue(flag)) ?? LakeplaneSetting.NonEmpty(Environment.GetEnvironmentVariable(variable)) ?? LakeplaneSetting.NonEmpty(appsettings[key]);

        var delayText = Pick(null, "LAKEPLANE_PROVISION_DELAY_MS", "ProvisionDelayMs") ?? "1000";
        if (!int.TryParse(delayText, NumberStyles.None, CultureInfo.InvariantCulture, out var delayMs))
        {
            throw new ArgumentException($"LAKEPLANE_PROVISION_DELAY_MS '{delayText}' is not a whole number of milliseconds.");
        }
        return new DaemonSettings(
            Pick(Listen, "LAKEPLANE_LISTEN", "Listen") ?? "127.0.0.1:7070",
            Path.GetFullPath(Pick(DataDir, "LAKEPLANE_DATA_DIR", "DataDir") ?? ".lakeplane"),
            Pick(StoreKind, "LAKEPLANE_STORE", "Store") ?? "sqlite",
            Pick(Postgres, "LAKEPLANE_POSTGRES", "Postgres"),
            TimeSpan.FromMilliseconds(delayMs))
        {
            Storage = StorageSettings.Resolve((flag, variable, key) =>
                Pick(new[] { StorageDriver, S3Endpoint, S3Region, S3AccessKeyId }.FirstOrDefault(option => option.Name == flag), variable, key)),
        };
    }

}
