using Lakeplane.Daemon.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lakeplane.Daemon.Hosting;

/// <summary>Healthy when the store answers with a migrated schema: what /healthz and the gRPC health service report.</summary>
public sealed class StoreHealthCheck(IStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await store.GetSchemaVersionAsync(cancellationToken);
            return version > 0 ? HealthCheckResult.Healthy($"schema version {version}") : HealthCheckResult.Unhealthy("schema not migrated");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception's message may quote the connection string: report its type only.
            return HealthCheckResult.Unhealthy("store unreachable: " + exception.GetType().Name);
        }
    }
}
