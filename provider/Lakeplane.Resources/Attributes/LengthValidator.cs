using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A string's length in characters must lie within [min, max].</summary>
public sealed class LengthValidator(int min, int max) : IValueValidator
{
    public string Description => $"Must be {min} to {max} characters long.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is StringValue text && (text.Value.Length < min || text.Value.Length > max))
        {
            ValidationMessages.Invalid(diagnostics, path,
                $"must be {min} to {max} characters long; it has {text.Value.Length}. {(text.Value.Length < min ? "Lengthen" : "Shorten")} it.");
        }
    }
}
