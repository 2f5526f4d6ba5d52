namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Pulumi's customTimeouts resource option, which reaches the provider as the request's timeout
/// in seconds (0 when the program set none): the operation's deadline in the model's terms.
/// </summary>
public static class CustomTimeouts
{
    /// <summary>The deadline the program asked for, in whole seconds (rounded up); null when it asked for none.</summary>
    public static TimeSpan? Deadline(double timeoutSeconds) =>
        timeoutSeconds > 0 ? TimeSpan.FromSeconds(Math.Ceiling(timeoutSeconds)) : null;
}
