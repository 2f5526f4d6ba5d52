using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>A map must not use keys that Lakeplane sets itself (compared ignoring case, as AWS tag keys are by people).</summary>
public sealed class ReservedKeysValidator(IReadOnlyList<string> reserved, string owner) : IValueValidator
{
    public string Description => $"Keys {List()} are reserved: {owner}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not ObjectValue map)
        {
            return;
        }
        foreach (var key in map.Attributes.Keys.Where(k => reserved.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            ValidationMessages.Invalid(diagnostics, path.Key(key), $"uses a reserved key ({List()}: {owner}); choose another key.");
        }
    }

    private string List() => string.Join(", ", reserved.Select(k => "\"" + k + "\""));
}
