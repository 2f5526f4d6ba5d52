using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A string must be a positive Go-style duration ("20m", "1h30m").</summary>
public sealed class DurationValidator : IValueValidator
{
    public string Description => $"Must be {GoDuration.Example}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is StringValue text && (!GoDuration.TryParse(text.Value, out var duration) || duration <= TimeSpan.Zero))
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be {GoDuration.Example}, greater than zero.");
        }
    }
}
