using Lakeplane.Daemon.Storage;

namespace Lakeplane.Daemon.Hosting;

/// <summary>The daemon's resolved settings, after flags, environment, appsettings.json and defaults.</summary>
/// <param name="Listen">host:port; port 0 picks a free one.</param>
/// <param name="Store">"sqlite" or "postgres".</param>
/// <param name="ProvisionDelay">How long a workspace stays PROVISIONING, so clients see the transition.</param>
public sealed record DaemonSettings(
    string Listen,
    string DataDirectory,
    string Store,
    string? PostgresConnectionString,
    TimeSpan ProvisionDelay)
{
    /// <summary>The storage driver and how it reaches S3.</summary>
    public StorageSettings Storage { get; init; } = StorageSettings.LocalDefault;
}
