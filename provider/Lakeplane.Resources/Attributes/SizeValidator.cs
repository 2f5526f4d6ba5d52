using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// A set, list or map must hold between min and max elements (max null: no upper bound).
/// Set elements are counted once each, as terraform will have merged duplicates.
/// </summary>
public sealed class SizeValidator(int min, int? max) : IValueValidator
{
    public string Description => max is null ? $"Must have at least {min} elements." : $"Must have {min} to {max} elements.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        var count = value switch
        {
            // Unknown elements may turn out equal to others; only known ones can be counted exactly.
            CollectionValue collection when collection.IsWhollyKnown => collection.Elements.Distinct(KnownValueComparer.Instance).Count(),
            ObjectValue map when map.IsWhollyKnown => map.Attributes.Count,
            _ => (int?)null,
        };
        if (count is not { } n)
        {
            return;
        }
        if (n < min)
        {
            ValidationMessages.Invalid(diagnostics, path, $"must have {Range()}; it has {n}. Add {min - n} more.");
        }
        else if (max is { } upper && n > upper)
        {
            ValidationMessages.Invalid(diagnostics, path, $"must have {Range()}; it has {n}. Remove {n - upper}.");
        }
    }

    private string Range() => max is null ? $"at least {min} elements" : $"{min} to {max} elements";
}
