using Google.Protobuf.Collections;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>The columns and formats of a table as Unity Catalog accepts them.</summary>
public static class TableColumns
{
    public static readonly IReadOnlySet<string> TypeNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "BOOLEAN", "BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "STRING", "BINARY",
        "DECIMAL", "INTERVAL", "ARRAY", "STRUCT", "MAP", "CHAR", "NULL", "USER_DEFINED_TYPE", "TABLE_TYPE", "VARIANT",
    };

    public static readonly IReadOnlySet<string> DataSourceFormats = new HashSet<string>(StringComparer.Ordinal)
    {
        "DELTA", "CSV", "JSON", "AVRO", "PARQUET", "ORC", "TEXT",
    };

    public static readonly IReadOnlySet<string> TableTypes = new HashSet<string>(StringComparer.Ordinal) { "MANAGED", "EXTERNAL" };

    /// <summary>Checks the columns and returns them in position order; positions left all 0 are numbered in the given order.</summary>
    public static List<ColumnInfo> Validate(RepeatedField<ColumnInfo> columns)
    {
        var result = columns.Select(c => c.Clone()).ToList();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var numbered = result.Count > 1 && result.All(c => c.Position == 0);
        for (var i = 0; i < result.Count; i++)
        {
            var column = result[i];
            var field = $"columns[{i}]";
            if (column.Name.Length == 0 || column.Name.Length > 255)
            {
                throw LakeplaneException.Invalid(field + ".name", $"{field}.name is required (1 to 255 characters).");
            }
            if (!names.Add(column.Name))
            {
                throw LakeplaneException.Invalid(field + ".name", $"Column '{column.Name}' appears twice (names are case-insensitive): give each column its own name.");
            }
            column.TypeName = column.TypeName.ToUpperInvariant();
            if (!TypeNames.Contains(column.TypeName))
            {
                throw LakeplaneException.Invalid(field + ".type_name",
                    $"type_name '{column.TypeName}' of column '{column.Name}' is not a Unity Catalog type: use one of {string.Join(", ", TypeNames.Order(StringComparer.Ordinal))}.");
            }
            if (column.TypeText.Length == 0)
            {
                throw LakeplaneException.Invalid(field + ".type_text", $"type_text of column '{column.Name}' is required: the type as written in SQL, e.g. \"{column.TypeName.ToLowerInvariant()}\".");
            }
            if (numbered)
            {
                column.Position = i;
            }
        }
        var positions = result.Select(c => c.Position).Order().ToList();
        if (!positions.SequenceEqual(Enumerable.Range(0, result.Count)))
        {
            throw LakeplaneException.Invalid("columns", $"Column positions must be 0 to {result.Count - 1}, each once: they are {string.Join(", ", result.Select(c => c.Position))}.");
        }
        return result.OrderBy(c => c.Position).ToList();
    }

    public static string Upper(string field, string value, string fallback, IReadOnlySet<string> allowed)
    {
        var normal = value.Length == 0 ? fallback : value.ToUpperInvariant();
        if (!allowed.Contains(normal))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{value}' is not one of {string.Join(", ", allowed)}.");
        }
        return normal;
    }
}
