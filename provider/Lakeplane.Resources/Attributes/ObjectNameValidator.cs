using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>lakeplaned's rule for object names: not blank, at most <paramref name="max"/> characters, no control characters, no surrounding spaces.</summary>
public sealed class ObjectNameValidator(int max) : IValueValidator
{
    public string Description => $"1 to {max} characters, without control characters or leading/trailing spaces.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not StringValue { Value: var name })
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            ValidationMessages.Invalid(diagnostics, path, "must not be empty: give the object a name.");
        }
        else if (name.Length > max)
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be at most {max} characters long; it has {name.Length}.");
        }
        else if (name.Any(char.IsControl) || name != name.Trim())
        {
            ValidationMessages.Invalid(diagnostics, path, "must not contain control characters or leading/trailing spaces.");
        }
    }
}
