namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// A column's type as written in SQL ("decimal(10,2)", "array&lt;string&gt;", "bigint") and the
/// Unity Catalog type name the API also wants (DECIMAL, ARRAY, LONG). databricks_sql_table takes
/// only the SQL text; the type name follows from its first word.
/// </summary>
public static class ColumnTypes
{
    private static readonly Dictionary<string, string> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["boolean"] = "BOOLEAN", ["bool"] = "BOOLEAN",
        ["tinyint"] = "BYTE", ["byte"] = "BYTE",
        ["smallint"] = "SHORT", ["short"] = "SHORT",
        ["int"] = "INT", ["integer"] = "INT",
        ["bigint"] = "LONG", ["long"] = "LONG",
        ["float"] = "FLOAT", ["real"] = "FLOAT",
        ["double"] = "DOUBLE",
        ["date"] = "DATE",
        ["timestamp"] = "TIMESTAMP", ["timestamp_ltz"] = "TIMESTAMP",
        ["timestamp_ntz"] = "TIMESTAMP_NTZ",
        ["string"] = "STRING", ["varchar"] = "STRING",
        ["char"] = "CHAR",
        ["binary"] = "BINARY",
        ["decimal"] = "DECIMAL", ["dec"] = "DECIMAL", ["numeric"] = "DECIMAL",
        ["interval"] = "INTERVAL",
        ["array"] = "ARRAY",
        ["struct"] = "STRUCT",
        ["map"] = "MAP",
        ["variant"] = "VARIANT",
        ["void"] = "NULL",
    };

    /// <summary>The type name of a SQL type, or null when its first word names no Unity Catalog type.</summary>
    public static string? TypeNameOf(string sqlType)
    {
        var text = sqlType.Trim();
        var end = text.IndexOfAny(['(', '<', ' ']);
        var head = end < 0 ? text : text[..end];
        return TypeNames.GetValueOrDefault(head);
    }

    public static string Known => string.Join(", ", TypeNames.Keys.Order(StringComparer.Ordinal));
}
