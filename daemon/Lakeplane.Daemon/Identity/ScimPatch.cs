using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// A SCIM PatchOp (RFC 7644 §3.5.2) read into the changes it asks for: single-valued attributes set, and multi-valued
/// ones (members, entitlements) replaced or edited. The forms clients send are all understood: a path naming the
/// attribute, no path with an object of attributes, and removal by filter (<c>members[value eq "id"]</c>).
/// </summary>
public sealed partial class ScimPatch
{
    private static readonly JsonElement NullValue = JsonDocument.Parse("null").RootElement.Clone();

    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListChange> _lists = new(StringComparer.Ordinal);

    private ScimPatch()
    {
    }

    /// <summary>Reads the operations; <paramref name="singleValued"/> and <paramref name="multiValued"/> name the attributes
    /// this resource lets a patch change, as SCIM spells them.</summary>
    public static ScimPatch Read(ScimPatchRequest body, IReadOnlyList<string> singleValued, IReadOnlyList<string> multiValued)
    {
        if (body.Operations is not { Count: > 0 } operations)
        {
            throw LakeplaneException.Invalid("Operations", $"Operations is required: a PatchOp ({ScimSchemas.PatchOp}) lists at least one operation.");
        }
        var patch = new ScimPatch();
        for (var i = 0; i < operations.Count; i++)
        {
            patch.Apply(operations[i], $"Operations[{i.ToString(CultureInfo.InvariantCulture)}]", singleValued, multiValued);
        }
        return patch;
    }

    public bool Has(string attribute) => _values.ContainsKey(attribute);

    public string String(string attribute)
    {
        var value = _values[attribute];
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => "",
            _ => throw LakeplaneException.Invalid(attribute, $"{attribute} must be a string."),
        };
    }

    /// <summary>A boolean, also as the strings "true"/"false" some SCIM clients (Entra ID) send.</summary>
    public bool Bool(string attribute)
    {
        var value = _values[attribute];
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw LakeplaneException.Invalid(attribute, $"{attribute} must be true or false."),
        };
    }

    public ListChange? List(string attribute) => _lists.GetValueOrDefault(attribute);

    private void Apply(ScimPatchOperation operation, string at, IReadOnlyList<string> singleValued, IReadOnlyList<string> multiValued)
    {
        var op = operation.Op?.ToLowerInvariant();
        if (op is not ("add" or "replace" or "remove"))
        {
            throw LakeplaneException.Invalid(at + ".op", $"{at}.op '{operation.Op}' is not a SCIM operation: use add, replace or remove.");
        }
        var path = operation.Path?.Trim() ?? "";
        if (path.Length == 0)
        {
            if (op == "remove" || operation.Value is not { ValueKind: JsonValueKind.Object } attributes)
            {
                throw LakeplaneException.Invalid(at + ".path",
                    $"{at}.path is required for '{op}' unless the value is an object of attributes: name the attribute to change, e.g. \"displayName\".");
            }
            foreach (var attribute in attributes.EnumerateObject())
            {
                Set(op, attribute.Name, attribute.Value, at, singleValued, multiValued);
            }
            return;
        }
        var filtered = ValueFilter().Match(path);
        if (filtered.Success)
        {
            var name = Canonical(filtered.Groups["attribute"].Value, multiValued)
                ?? throw Unknown(at, filtered.Groups["attribute"].Value, singleValued, multiValued);
            if (op != "remove")
            {
                throw LakeplaneException.Invalid(at + ".path", $"{at}.path '{path}' selects values to remove: use op remove, or add/replace with path \"{name}\".");
            }
            Change(name).Remove.Add(Escape().Replace(filtered.Groups["value"].Value, "$1"));
            return;
        }
        Set(op, path, operation.Value, at, singleValued, multiValued);
    }

    private void Set(string op, string attribute, JsonElement? value, string at, IReadOnlyList<string> singleValued, IReadOnlyList<string> multiValued)
    {
        if (Canonical(attribute, singleValued) is { } single)
        {
            // Removing a single-valued attribute empties it; required ones are then refused by validation, naming them.
            _values[single] = op == "remove" || value is null ? NullValue : value.Value.Clone();
            return;
        }
        var multi = Canonical(attribute, multiValued) ?? throw Unknown(at, attribute, singleValued, multiValued);
        var values = Values(value, at, multi);
        var change = Change(multi);
        switch (op)
        {
            case "add":
                change.Add.Add(values);
                break;
            case "replace":
                change.Replace = true;
                change.Values.Clear();
                change.Values.Add(values);
                change.Add.Clear();
                change.Remove.Clear();
                break;
            default:
                if (value is null)
                {
                    // "remove" with a path and no value removes every value.
                    change.Replace = true;
                    change.Values.Clear();
                    change.Add.Clear();
                }
                else
                {
                    change.Remove.Add(values);
                }
                break;
        }
    }

    private ListChange Change(string attribute)
    {
        if (!_lists.TryGetValue(attribute, out var change))
        {
            change = new ListChange();
            _lists[attribute] = change;
        }
        return change;
    }

    /// <summary>The "value"s of a multi-valued attribute's elements: [{"value": "..."}], one such object, or bare strings.</summary>
    private static List<string> Values(JsonElement? value, string at, string attribute)
    {
        if (value is not { } element)
        {
            throw LakeplaneException.Invalid(at + ".value", $"{at}.value is required to change {attribute}: e.g. [{{\"value\": \"<id>\"}}].");
        }
        var items = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : [element];
        return items.Select(item => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Object when item.TryGetProperty("value", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString()!,
            _ => throw LakeplaneException.Invalid(at + ".value", $"{at}.value: each element of {attribute} must be an object with a \"value\" string, e.g. {{\"value\": \"<id>\"}}."),
        }).ToList();
    }

    private static string? Canonical(string attribute, IReadOnlyList<string> known) =>
        known.FirstOrDefault(name => string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase));

    private static LakeplaneException Unknown(string at, string attribute, IReadOnlyList<string> singleValued, IReadOnlyList<string> multiValued) =>
        LakeplaneException.Invalid(at + ".path", $"{at}.path: '{attribute}' cannot be patched here: use one of {string.Join(", ", singleValued.Concat(multiValued))}.");

    [GeneratedRegex("""^(?<attribute>[A-Za-z]+)\[\s*value\s+eq\s+"(?<value>(?:[^"\\]|\\.)*)"\s*\]$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValueFilter();

    [GeneratedRegex("""\\(.)""")]
    private static partial Regex Escape();
}
