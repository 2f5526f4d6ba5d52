using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// A Delta schema (metaData.schemaString: Spark's StructType as JSON) as Unity Catalog columns: the UC type_name,
/// the SQL type_text ("bigint", "decimal(10,2)", "array&lt;string&gt;"), the field's own JSON as type_json, position,
/// nullability, comment (metadata.comment) and partition_index for partition columns, as Databricks shows a Delta
/// table's columns.
/// </summary>
public static class DeltaSchema
{
    public static List<ColumnInfo> Columns(DeltaMetadata metadata, string file)
    {
        JsonArray fields;
        try
        {
            fields = JsonNode.Parse(metadata.SchemaString)?["fields"] as JsonArray
                ?? throw new FormatException("it has no \"fields\" list");
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new DeltaLogException(file, $"metaData.schemaString is not a Delta schema ({exception.Message}).", exception);
        }
        var columns = new List<ColumnInfo>();
        foreach (var node in fields)
        {
            if (node is not JsonObject field || field["name"]?.GetValue<string>() is not { } name || field["type"] is not { } type)
            {
                throw new DeltaLogException(file, $"metaData.schemaString field {columns.Count} has no name or type.");
            }
            var (typeName, typeText, precision, scale) = Describe(type);
            var column = new ColumnInfo
            {
                Name = name,
                TypeName = typeName,
                TypeText = typeText,
                TypeJson = field.ToJsonString(),
                TypePrecision = precision,
                TypeScale = scale,
                Position = columns.Count,
                Nullable = field["nullable"]?.GetValue<bool>() ?? true,
                Comment = field["metadata"]?["comment"]?.GetValue<string>() ?? "",
            };
            var partition = IndexOf(metadata.PartitionColumns, name);
            if (partition >= 0)
            {
                column.PartitionIndex = partition;
            }
            columns.Add(column);
        }
        return columns;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>UC type name, SQL text, precision and scale of a Delta type (a name, or an array/map/struct object).</summary>
    private static (string TypeName, string TypeText, int Precision, int Scale) Describe(JsonNode type)
    {
        if (type is JsonObject complex)
        {
            return complex["type"]?.GetValue<string>() switch
            {
                "array" => ("ARRAY", $"array<{Describe(complex["elementType"]!).TypeText}>", 0, 0),
                "map" => ("MAP", $"map<{Describe(complex["keyType"]!).TypeText},{Describe(complex["valueType"]!).TypeText}>", 0, 0),
                "struct" => ("STRUCT", "struct<" + string.Join(",", ((JsonArray)complex["fields"]!).Select(f =>
                    $"{f!["name"]!.GetValue<string>()}:{Describe(f["type"]!).TypeText}")) + ">", 0, 0),
                var other => ("USER_DEFINED_TYPE", other ?? "unknown", 0, 0),
            };
        }
        var name = type.GetValue<string>();
        if (name.StartsWith("decimal", StringComparison.Ordinal))
        {
            var inside = name.Length > 8 ? name[8..^1].Split(',') : ["10", "0"];
            var precision = int.Parse(inside[0].Trim(), CultureInfo.InvariantCulture);
            var scale = int.Parse(inside[1].Trim(), CultureInfo.InvariantCulture);
            return ("DECIMAL", $"decimal({precision},{scale})", precision, scale);
        }
        return name switch
        {
            "long" => ("LONG", "bigint", 0, 0),
            "integer" => ("INT", "int", 0, 0),
            "short" => ("SHORT", "smallint", 0, 0),
            "byte" => ("BYTE", "tinyint", 0, 0),
            "float" => ("FLOAT", "float", 0, 0),
            "double" => ("DOUBLE", "double", 0, 0),
            "boolean" => ("BOOLEAN", "boolean", 0, 0),
            "string" => ("STRING", "string", 0, 0),
            "binary" => ("BINARY", "binary", 0, 0),
            "date" => ("DATE", "date", 0, 0),
            "timestamp" => ("TIMESTAMP", "timestamp", 0, 0),
            "timestamp_ntz" => ("TIMESTAMP_NTZ", "timestamp_ntz", 0, 0),
            "variant" => ("VARIANT", "variant", 0, 0),
            "void" => ("NULL", "void", 0, 0),
            _ => ("USER_DEFINED_TYPE", name, 0, 0),
        };
    }
}
