using System.Globalization;
using System.Text;
using Lakeplane.Daemon.Storage;
using Npgsql;

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

    // A record's generated ToString prints every property: the PostgreSQL connection string may carry a password, so it
    // is printed without it (and without the whole string when it cannot be parsed).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Listen = {Listen}, DataDirectory = {DataDirectory}, Store = {Store}, ");
        builder.Append("PostgresConnectionString = ").Append(WithoutPassword(PostgresConnectionString));
        builder.Append(CultureInfo.InvariantCulture, $", ProvisionDelay = {ProvisionDelay}, Storage = {Storage}");
        return true;
    }

    private static string WithoutPassword(string? connectionString)
    {
        if (connectionString is null)
        {
            return "(not set)";
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var hadPassword = !string.IsNullOrEmpty(builder.Password);
            builder.Password = null;
            return builder.ConnectionString + (hadPassword ? " (password set, not shown)" : "");
        }
        catch (ArgumentException)
        {
            return "(set, not shown: it does not parse as a connection string)";
        }
    }
}
