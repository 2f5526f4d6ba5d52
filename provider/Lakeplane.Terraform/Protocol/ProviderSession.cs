using Lakeplane.Resources.Model;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// What one provider process remembers between RPCs: the daemon connection ConfigureProvider
/// made, and whether terraform asked it to stop. terraform sends ~10 RPCs at once, so both are
/// read from many threads and written once.
/// </summary>
public sealed class ProviderSession(ILogger<ProviderSession> logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private volatile ResourceContext? _context;

    public bool StopRequested => _stop.IsCancellationRequested;

    public void Configure(ResourceContext context) => _context = context;

    /// <summary>Progress lines from resources (e.g. waiting for RUNNING) into terraform's log.</summary>
    public void LogProgress(string message) => logger.LogInformation("{Message}", message);

    /// <summary>The daemon connection, or an error telling the user why there is none.</summary>
    public ResourceContext RequireContext() => _context ?? throw new ResourceException(Diagnostic.Error(
        "Provider not configured",
        "The lakeplane provider has no daemon connection: its configuration (host, token, account_id or the LAKEPLANE_* variables) " +
        "was incomplete or still unknown when this resource needed it."));

    /// <summary>Cancelled when terraform hangs up on the call or asks the provider to stop.</summary>
    public CancellationTokenSource LinkToStop(CancellationToken call) => CancellationTokenSource.CreateLinkedTokenSource(call, _stop.Token);

    /// <summary>StopProvider: terraform was interrupted; every in-flight and later operation is cancelled.</summary>
    public void Stop()
    {
        logger.LogWarning("terraform asked the provider to stop; cancelling in-flight operations");
        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}
