using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// Unity Catalog's naming rule, as lakeplaned applies it: 1 to 255 characters, no period, space,
/// forward slash or control character. Catalog, schema, table and volume names are kept in lower
/// case by the catalog, so a name written in upper case is refused here: accepted, it would read
/// back lower-cased and show a change on every plan. With <paramref name="levels"/> &gt; 1 the
/// value is a full name (catalog.schema.table) and each level is checked.
/// </summary>
public sealed class CatalogNameValidator(bool lowerCase, int levels = 1) : IValueValidator
{
    public string Description => levels switch
    {
        1 => $"1 to 255 characters without periods, spaces, forward slashes or control characters{(lowerCase ? ", in lower case" : "")}.",
        _ => $"A full name of {levels} levels ({(levels == 2 ? "catalog.schema" : "catalog.schema.name")}), each 1 to 255 characters without spaces, forward slashes or control characters, in lower case.",
    };

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not StringValue { Value: var name })
        {
            return;
        }
        var parts = levels > 1 ? name.Split('.') : [name];
        if (parts.Length != levels)
        {
            Invalid(diagnostics, path, $"must be a full name of the form {(levels == 2 ? "catalog.schema" : "catalog.schema.name")}: give every level, separated by periods.");
            return;
        }
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 255)
            {
                Invalid(diagnostics, path, levels > 1 ? "has an empty or over-long level: each level is 1 to 255 characters." : "must be 1 to 255 characters long.");
                return;
            }
            var bad = part.FirstOrDefault(c => c is '.' or ' ' or '/' || char.IsControl(c));
            if (bad != default)
            {
                var what = bad switch { '.' => "a period", ' ' => "a space", '/' => "a forward slash", _ => "a control character" };
                Invalid(diagnostics, path, $"contains {what}: Unity Catalog names may not contain periods, spaces, forward slashes or control characters.");
                return;
            }
        }
        if (lowerCase && name != name.ToLowerInvariant())
        {
            Invalid(diagnostics, path, $"must be in lower case, as the catalog keeps names: write \"{name.ToLowerInvariant()}\".");
        }
    }

    private static void Invalid(Diagnostics diagnostics, AttributePath path, string rule)
    {
        var attribute = path.Steps.OfType<AttributeStep>().LastOrDefault()?.Name ?? "name";
        diagnostics.AddError($"Invalid {attribute}", $"\"{path}\" {rule}", path);
    }
}
