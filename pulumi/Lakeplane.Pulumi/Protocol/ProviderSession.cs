using Lakeplane.Pulumi.Hosting;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// What one plugin process remembers between RPCs: the daemon connection Configure made (none
/// while the configuration is still unknown in a preview), whether the engine takes secrets,
/// the account id components need, and Cancel. The engine calls concurrently, so each field is
/// written once and read from many threads.
/// </summary>
public sealed class ProviderSession(EngineLog log) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private volatile ResourceContext? _context;
    private volatile string? _accountId;

    public EngineLog Log { get; } = log;

    public bool AcceptSecrets { get; private set; } = true;

    public bool CancelRequested => _cancel.IsCancellationRequested;

    /// <summary>The account the configuration names (LAKEPLANE_ACCOUNT_ID included), even before a connection exists.</summary>
    public string? AccountId => _accountId;

    public void Configure(ResourceContext? context, string? accountId, bool acceptSecrets)
    {
        AcceptSecrets = acceptSecrets;
        _accountId = accountId;
        _context = context;
    }

    /// <summary>The daemon connection, or an error telling the user why there is none.</summary>
    public ResourceContext RequireContext() => _context ?? throw new ResourceException(Diagnostic.Error(
        "Provider not configured",
        "The lakeplane provider has no daemon connection: its configuration (host, token, accountId or the LAKEPLANE_HOST, " +
        "LAKEPLANE_TOKEN and LAKEPLANE_ACCOUNT_ID variables) was incomplete or still unknown when this resource needed it."));

    /// <summary>Cancelled when the engine hangs up on the call or sends Cancel.</summary>
    public CancellationTokenSource LinkToCancel(CancellationToken call) => CancellationTokenSource.CreateLinkedTokenSource(call, _cancel.Token);

    /// <summary>Cancel: the engine is shutting down; in-flight operations stop as soon as they can.</summary>
    public void Cancel()
    {
        Log.Warning("the engine cancelled the deployment; stopping in-flight lakeplane operations");
        _cancel.Cancel();
    }

    public void Dispose() => _cancel.Dispose();
}
