using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Unity Catalog's naming rules. Names of catalogs, schemas, tables and volumes are case-insensitive and kept in lower
/// case, as Unity Catalog keeps them; none may contain a period, space, forward slash or control character, or be longer
/// than 255 characters. Full names join the levels with periods: catalog.schema.table.
/// </summary>
public static class CatalogNames
{
    public const int MaxLength = 255;

    /// <summary>A name of the three-level namespace, lower-cased.</summary>
    public static string Securable(string field, string name) => Validate(field, name).ToLowerInvariant();

    /// <summary>A name of a storage credential, external location or metastore: same characters, case kept.</summary>
    public static string Named(string field, string name) => Validate(field, name);

    /// <summary>A full name of <paramref name="levels"/> parts (2: catalog.schema, 3: catalog.schema.table), each validated.</summary>
    public static string[] FullName(string field, string fullName, int levels)
    {
        var parts = fullName.Split('.');
        if (parts.Length != levels)
        {
            var shape = levels == 2 ? "catalog.schema" : "catalog.schema.name";
            throw LakeplaneException.Invalid(field, $"{field} '{fullName}' is not a full name of the form {shape}: give every level, separated by periods.");
        }
        return parts.Select(part => Securable(field, part)).ToArray();
    }

    private static string Validate(string field, string name)
    {
        if (name.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required.");
        }
        if (name.Length > MaxLength)
        {
            throw LakeplaneException.Invalid(field, $"{field} is longer than {MaxLength} characters: shorten it.");
        }
        foreach (var c in name)
        {
            if (c is '.' or ' ' or '/' || char.IsControl(c))
            {
                var what = c switch { '.' => "a period", ' ' => "a space", '/' => "a forward slash", _ => "a control character" };
                throw LakeplaneException.Invalid(field, $"{field} '{name}' contains {what}: names may not contain periods, spaces, forward slashes or control characters.");
            }
        }
        return name;
    }
}
