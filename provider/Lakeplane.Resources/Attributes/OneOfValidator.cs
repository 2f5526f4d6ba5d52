using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A string must be one of a fixed list (case-sensitive, as the daemon compares).</summary>
public sealed class OneOfValidator(IReadOnlyList<string> allowed) : IValueValidator
{
    public string Description => $"One of {List()}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is StringValue text && !allowed.Contains(text.Value, StringComparer.Ordinal))
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be one of {List()}.");
        }
    }

    private string List() => string.Join(", ", allowed.Select(a => "\"" + a + "\""));
}
