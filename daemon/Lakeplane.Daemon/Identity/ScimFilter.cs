using System.Text.RegularExpressions;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// One SCIM filter comparison (RFC 7644 §3.4.2.2), e.g. <c>userName eq "alice@example.com"</c>: the form Databricks
/// clients and Terraform providers send. Attribute names are case-insensitive, as SCIM says; "eq" compares exactly so it
/// agrees with the store's unique names, the substring operators ignore case.
/// </summary>
public sealed partial class ScimFilter
{
    private ScimFilter(string attribute, string comparison, string value)
    {
        Attribute = attribute;
        Comparison = comparison;
        Value = value;
    }

    /// <summary>The attribute as the caller's allowed list spells it (e.g. "userName").</summary>
    public string Attribute { get; }

    /// <summary>eq, ne, co, sw or ew, lowercase.</summary>
    public string Comparison { get; }

    public string Value { get; }

    /// <summary>An exact match on one attribute, which the store can answer by name without scanning.</summary>
    public bool IsEquality => Comparison == "eq";

    /// <summary>Parses <paramref name="filter"/>; null when it is empty (no filter).</summary>
    public static ScimFilter? Parse(string filter, IReadOnlyList<string> attributes)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }
        var match = ComparisonPattern().Match(filter);
        if (!match.Success)
        {
            throw LakeplaneException.Invalid("filter",
                $"filter '{filter}' is not a SCIM comparison this API understands: use <attribute> eq|ne|co|sw|ew \"<value>\", e.g. {attributes[0]} eq \"value\", with one of {string.Join(", ", attributes)}.");
        }
        var attribute = attributes.FirstOrDefault(a => string.Equals(a, match.Groups["attribute"].Value, StringComparison.OrdinalIgnoreCase))
            ?? throw LakeplaneException.Invalid("filter",
                $"filter: this list cannot be filtered by '{match.Groups["attribute"].Value}': use one of {string.Join(", ", attributes)}.");
        var value = Escape().Replace(match.Groups["value"].Value, "$1");
        return new ScimFilter(attribute, match.Groups["op"].Value.ToLowerInvariant(), value);
    }

    public bool Matches(string attributeValue) => Comparison switch
    {
        "eq" => string.Equals(attributeValue, Value, StringComparison.Ordinal),
        "ne" => !string.Equals(attributeValue, Value, StringComparison.Ordinal),
        "co" => attributeValue.Contains(Value, StringComparison.OrdinalIgnoreCase),
        "sw" => attributeValue.StartsWith(Value, StringComparison.OrdinalIgnoreCase),
        _ => attributeValue.EndsWith(Value, StringComparison.OrdinalIgnoreCase),
    };

    [GeneratedRegex("""^\s*(?<attribute>[A-Za-z][A-Za-z0-9_.]*)\s+(?<op>eq|ne|co|sw|ew)\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonPattern();

    [GeneratedRegex("""\\(.)""")]
    private static partial Regex Escape();
}
