namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// The address the daemon actually listens on, known only once Kestrel has bound (the port may
/// have been 0). Workspace URLs and the env file are built from it.
/// </summary>
public sealed class DaemonAddress
{
    private string? _baseUrl;

    public string BaseUrl
    {
        get => _baseUrl ?? throw new InvalidOperationException("The daemon has not bound its listening socket yet.");
        set => _baseUrl = value.TrimEnd('/');
    }

    /// <summary>Whether the socket is bound yet: background work that hands the address out waits for it.</summary>
    public bool IsBound => _baseUrl is not null;

    public string WorkspaceUrl(string deploymentName) => $"{BaseUrl}/w/{deploymentName}";
}
