using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// The model's <see cref="NextStep"/> in Pulumi's words: the commands to run and the
/// customTimeouts resource option that gives an operation more time. Added to the end of the
/// message the engine shows.
/// </summary>
public static class PulumiNextSteps
{
    public static string Detail(Diagnostic diagnostic) =>
        diagnostic.Next is { } next && Words(next) is { Length: > 0 } words ? $"{diagnostic.Detail} {words}" : diagnostic.Detail;

    public static string Words(NextStep next)
    {
        if (next.RecreatePurpose is { } purpose)
        {
            // pulumi up does not refresh by default: it would try the same update again. A refresh
            // finds the object gone and drops it from the stack, so the update then creates it.
            return $"Run pulumi up --refresh to {purpose}.";
        }
        var operation = OperationDeadlines.NameOf(next.Operation);
        var words = new List<string>();
        if (next.KeptIncomplete)
        {
            words.Add("Pulumi keeps it in the stack with this error, and the next pulumi up updates it.");
        }
        if (next.DeadlineMayHelp)
        {
            words.Add(next.Operation == ResourceOperation.Delete
                ? "Run pulumi destroy (or pulumi up) again, or raise the delete value of the resource's customTimeouts option."
                : $"To wait longer, raise the {operation} value of the resource's customTimeouts option and run pulumi up again.");
        }
        return string.Join(' ', words);
    }
}
