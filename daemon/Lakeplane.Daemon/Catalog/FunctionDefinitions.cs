using System.Text.Json;
using Google.Protobuf.Collections;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// What Unity Catalog accepts as a function definition: its names, parameter and return types, routine and the SQL
/// properties of the routine, with UC's defaults filled in. Errors name the field under function_info.
/// </summary>
public static class FunctionDefinitions
{
    public const int MaxRoutineDefinitionLength = 65536;

    private const string Prefix = "function_info.";

    public static readonly IReadOnlySet<string> RoutineBodies = new HashSet<string>(StringComparer.Ordinal) { "SQL", "EXTERNAL" };
    public static readonly IReadOnlySet<string> SqlDataAccess = new HashSet<string>(StringComparer.Ordinal) { "CONTAINS_SQL", "READS_SQL_DATA", "NO_SQL" };
    public static readonly IReadOnlySet<string> ParameterStyles = new HashSet<string>(StringComparer.Ordinal) { "S" };
    public static readonly IReadOnlySet<string> SecurityTypes = new HashSet<string>(StringComparer.Ordinal) { "DEFINER" };
    public static readonly IReadOnlySet<string> ParameterModes = new HashSet<string>(StringComparer.Ordinal) { "IN" };
    public static readonly IReadOnlySet<string> ParameterTypes = new HashSet<string>(StringComparer.Ordinal) { "PARAM", "COLUMN" };

    /// <summary>The definition to store: only what a caller may set, checked and normalised; names lower-cased.</summary>
    public static FunctionInfo Validate(FunctionInfo? given)
    {
        if (given is null)
        {
            throw LakeplaneException.Invalid("function_info", "function_info is required: the function's name, catalog_name, schema_name, data_type, full_data_type, routine_body and routine_definition.");
        }
        var definition = new FunctionInfo
        {
            Name = CatalogNames.Securable(Prefix + "name", given.Name),
            CatalogName = CatalogNames.Securable(Prefix + "catalog_name", given.CatalogName),
            SchemaName = CatalogNames.Securable(Prefix + "schema_name", given.SchemaName),
            DataType = TypeName(Prefix + "data_type", given.DataType, "the return type"),
            FullDataType = Required(Prefix + "full_data_type", given.FullDataType, "the return type as SQL writes it, e.g. \"decimal(10,2)\""),
            RoutineBody = TableColumns.Upper(Prefix + "routine_body", given.RoutineBody, "SQL", RoutineBodies),
            RoutineDefinition = Required(Prefix + "routine_definition", given.RoutineDefinition, "the function's body: a SQL expression, or the external language's code"),
            ParameterStyle = TableColumns.Upper(Prefix + "parameter_style", given.ParameterStyle, "S", ParameterStyles),
            IsDeterministic = given.IsDeterministic,
            SqlDataAccess = TableColumns.Upper(Prefix + "sql_data_access", given.SqlDataAccess, "CONTAINS_SQL", SqlDataAccess),
            IsNullCall = given.IsNullCall,
            SecurityType = TableColumns.Upper(Prefix + "security_type", given.SecurityType, "DEFINER", SecurityTypes),
            ExternalLanguage = given.ExternalLanguage,
            ExternalName = given.ExternalName,
            SqlPath = given.SqlPath,
            Comment = given.Comment,
            Properties = Properties(given.Properties),
        };
        definition.SpecificName = given.SpecificName.Length == 0 ? definition.Name : CatalogNames.Securable(Prefix + "specific_name", given.SpecificName);
        if (definition.RoutineDefinition.Length > MaxRoutineDefinitionLength)
        {
            throw LakeplaneException.Invalid(Prefix + "routine_definition", $"{Prefix}routine_definition is longer than {MaxRoutineDefinitionLength} characters.");
        }
        if (definition.RoutineBody == "EXTERNAL" && definition.ExternalLanguage.Length == 0)
        {
            throw LakeplaneException.Invalid(Prefix + "external_language", $"{Prefix}external_language is required when routine_body is EXTERNAL, e.g. \"Python\".");
        }
        CatalogValidation.Comment(definition.Comment);
        definition.InputParams = new FunctionParameterInfos { Parameters = { Parameters(Prefix + "input_params.parameters", given.InputParams?.Parameters, "PARAM") } };
        var returns = given.ReturnParams?.Parameters;
        if (definition.DataType == "TABLE_TYPE")
        {
            if (returns is null || returns.Count == 0)
            {
                throw LakeplaneException.Invalid(Prefix + "return_params", $"A table function (data_type TABLE_TYPE) needs {Prefix}return_params: the columns it returns.");
            }
            definition.ReturnParams = new FunctionParameterInfos { Parameters = { Parameters(Prefix + "return_params.parameters", returns, "COLUMN") } };
        }
        else if (returns is { Count: > 0 })
        {
            throw LakeplaneException.Invalid(Prefix + "return_params", $"Only a table function (data_type TABLE_TYPE) has {Prefix}return_params; this one returns {definition.DataType}.");
        }
        return definition;
    }

    private static List<FunctionParameterInfo> Parameters(string field, RepeatedField<FunctionParameterInfo>? given, string defaultType)
    {
        var result = given?.Select(p => p.Clone()).ToList() ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var numbered = result.Count > 1 && result.All(p => p.Position == 0);
        for (var i = 0; i < result.Count; i++)
        {
            var parameter = result[i];
            var at = $"{field}[{i}]";
            if (parameter.Name.Length == 0 || parameter.Name.Length > CatalogNames.MaxLength)
            {
                throw LakeplaneException.Invalid(at + ".name", $"{at}.name is required (1 to {CatalogNames.MaxLength} characters).");
            }
            if (!names.Add(parameter.Name))
            {
                throw LakeplaneException.Invalid(at + ".name", $"Parameter '{parameter.Name}' appears twice (names are case-insensitive): give each parameter its own name.");
            }
            parameter.TypeName = TypeName(at + ".type_name", parameter.TypeName, $"the type of parameter '{parameter.Name}'");
            parameter.TypeText = Required(at + ".type_text", parameter.TypeText, $"the type of parameter '{parameter.Name}' as written in SQL, e.g. \"{parameter.TypeName.ToLowerInvariant()}\"");
            parameter.ParameterMode = TableColumns.Upper(at + ".parameter_mode", parameter.ParameterMode, "IN", ParameterModes);
            parameter.ParameterType = TableColumns.Upper(at + ".parameter_type", parameter.ParameterType, defaultType, ParameterTypes);
            if (numbered)
            {
                parameter.Position = i;
            }
        }
        var positions = result.Select(p => p.Position).Order().ToList();
        if (!positions.SequenceEqual(Enumerable.Range(0, result.Count)))
        {
            throw LakeplaneException.Invalid(field, $"Parameter positions must be 0 to {result.Count - 1}, each once: they are {string.Join(", ", result.Select(p => p.Position))}.");
        }
        return result.OrderBy(p => p.Position).ToList();
    }

    private static string TypeName(string field, string value, string what)
    {
        if (value.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: {what}, one of {string.Join(", ", TableColumns.TypeNames.Order(StringComparer.Ordinal))}.");
        }
        var normal = value.ToUpperInvariant();
        return TableColumns.TypeNames.Contains(normal)
            ? normal
            : throw LakeplaneException.Invalid(field, $"{field} '{value}' is not a Unity Catalog type: use one of {string.Join(", ", TableColumns.TypeNames.Order(StringComparer.Ordinal))}.");
    }

    private static string Required(string field, string value, string what) =>
        value.Trim().Length > 0 ? value : throw LakeplaneException.Invalid(field, $"{field} is required: {what}.");

    /// <summary>Unity Catalog keeps a function's properties as a JSON object of strings, in a string.</summary>
    private static string Properties(string properties)
    {
        if (properties.Length == 0)
        {
            return "";
        }
        try
        {
            using var document = JsonDocument.Parse(properties);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
            {
                return properties;
            }
        }
        catch (JsonException)
        {
        }
        throw LakeplaneException.Invalid(Prefix + "properties", $"{Prefix}properties must be a JSON object of string values, e.g. {{\"owner_team\": \"sales\"}}.");
    }
}
