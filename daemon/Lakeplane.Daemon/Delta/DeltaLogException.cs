namespace Lakeplane.Daemon.Delta;

/// <summary>
/// A table's Delta log cannot be read: missing, not in the protocol's format, or unreachable. The message names the
/// file (its s3:// location) and what is wrong with it, so an operator can go and look; it is reported on that
/// table only, never as a failure of the call that was reading it.
/// </summary>
public sealed class DeltaLogException(string file, string message, Exception? innerException = null)
    : Exception($"{file}: {message}", innerException)
{
    /// <summary>The s3:// location of the file at fault.</summary>
    public string File { get; } = file;
}
