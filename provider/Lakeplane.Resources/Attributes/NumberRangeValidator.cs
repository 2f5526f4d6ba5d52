using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A whole number within [min, max].</summary>
public sealed class NumberRangeValidator(long min, long max) : IValueValidator
{
    public string Description => $"Must be a whole number from {min} to {max}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is NumberValue number && (number.Value < min || number.Value > max || number.Value != decimal.Truncate(number.Value)))
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be a whole number from {min} to {max}.");
        }
    }
}
