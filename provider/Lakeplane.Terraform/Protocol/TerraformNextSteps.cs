using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// The model's <see cref="NextStep"/> in Terraform's words: the commands to run and the
/// timeouts block that gives an operation more time. Added to the end of a diagnostic's detail.
/// </summary>
public static class TerraformNextSteps
{
    public static string Detail(Diagnostic diagnostic) =>
        diagnostic.Next is { } next && Words(next) is { Length: > 0 } words ? $"{diagnostic.Detail} {words}" : diagnostic.Detail;

    public static string Words(NextStep next)
    {
        if (next.RecreatePurpose is { } purpose)
        {
            // The next plan refreshes first, finds it gone and plans to create it.
            return $"Run terraform apply again to {purpose}.";
        }
        var operation = OperationDeadlines.NameOf(next.Operation);
        var words = new List<string>();
        if (next.KeptIncomplete && next.Operation == ResourceOperation.Create)
        {
            words.Add("Terraform marks it tainted, so the next terraform apply replaces it.");
        }
        if (next.DeadlineMayHelp)
        {
            words.Add(next.Operation == ResourceOperation.Delete
                ? "Run terraform destroy again, or raise timeouts.delete."
                : $"To wait longer, raise timeouts.{operation} and run terraform apply again.");
        }
        else if (next.KeptIncomplete && next.Operation != ResourceOperation.Create)
        {
            words.Add("Run terraform apply again once the cause is fixed.");
        }
        return string.Join(' ', words);
    }
}
