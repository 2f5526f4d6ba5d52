using System.Text.RegularExpressions;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A string must match a regular expression; the message shows what a valid value looks like.</summary>
public sealed class PatternValidator(Regex pattern, string expected) : IValueValidator
{
    public string Description => $"Must be {expected}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is StringValue text && !pattern.IsMatch(text.Value))
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be {expected}.");
        }
    }
}
