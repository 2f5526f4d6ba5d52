namespace Lakeplane.Resources.Model;

/// <summary>
/// Thrown when an object now exists but the operation did not finish (a workspace created but
/// never RUNNING before its timeout). Carries the state of what exists so that adapters record
/// it instead of losing track of a real object: Terraform keeps it in state (tainted, so the
/// next apply replaces it), Pulumi records a partial failure.
/// </summary>
public sealed class IncompleteOperationException(Diagnostic diagnostic, ObjectValue state)
    : Exception(diagnostic.Summary + ": " + diagnostic.Detail)
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    public ObjectValue State { get; } = state;
}
