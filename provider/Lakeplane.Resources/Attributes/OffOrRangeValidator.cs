using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>0 (the feature is off) or a whole number within [min, max]: the shape of autotermination_minutes.</summary>
public sealed class OffOrRangeValidator(long min, long max) : IValueValidator
{
    public string Description => $"0 (off) or a whole number from {min} to {max}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is NumberValue number && number.Value != 0
            && (number.Value < min || number.Value > max || number.Value != decimal.Truncate(number.Value)))
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be 0 to turn it off, or a whole number from {min} to {max}.");
        }
    }
}
