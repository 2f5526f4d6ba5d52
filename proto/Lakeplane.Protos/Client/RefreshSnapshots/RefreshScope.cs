namespace Lakeplane.Protos.Client.RefreshSnapshots;

/// <summary>
/// Marks the calls of one refresh (terraform's ReadResource): only reads made inside it may be answered from a
/// <see cref="ListedReadSnapshots"/> snapshot. Everything else (a create polling until RUNNING, an import, a
/// data source) always asks the daemon, so a snapshot can never hide a change that code is waiting for.
/// Flows with the async call chain (AsyncLocal), so concurrent RPCs on other threads are not affected.
/// </summary>
public static class RefreshScope
{
    private static readonly AsyncLocal<bool> Inside = new();

    public static bool Active => Inside.Value;

    /// <summary>Reads until the returned handle is disposed belong to a refresh.</summary>
    public static IDisposable Enter()
    {
        var outer = Inside.Value;
        Inside.Value = true;
        return new Exit(outer);
    }

    private sealed class Exit(bool outer) : IDisposable
    {
        public void Dispose() => Inside.Value = outer;
    }
}
