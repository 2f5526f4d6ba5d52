using System.Text;

namespace Lakeplane.Pulumi.Catalog;

/// <summary>
/// The model's snake_case names in Pulumi's conventions: camelCase properties, PascalCase
/// resource types and get-prefixed functions under the package token "lakeplane".
/// </summary>
public static class PulumiNames
{
    public const string Package = "lakeplane";

    public const string IndexModule = "index";

    /// <summary>storage_configuration_id → storageConfigurationId.</summary>
    public static string ToCamel(string snake)
    {
        var pascal = ToPascal(snake);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary>storage_configuration → StorageConfiguration.</summary>
    public static string ToPascal(string snake)
    {
        var text = new StringBuilder(snake.Length);
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return text.ToString();
    }

    /// <summary>workspace → lakeplane:index:Workspace.</summary>
    public static string ResourceToken(string resourceName) => $"{Package}:{IndexModule}:{ToPascal(resourceName)}";

    /// <summary>current_user → lakeplane:index:getCurrentUser.</summary>
    public static string FunctionToken(string dataSourceName) => $"{Package}:{IndexModule}:get{ToPascal(dataSourceName)}";

    /// <summary>The provider resource's own type token (what the engine checks provider configuration as).</summary>
    public static string ProviderToken => $"pulumi:providers:{Package}";

    /// <summary>
    /// The resource type in a URN (urn:pulumi:stack::project::parentType$type::name): older
    /// engines send only the URN, newer ones also the type field.
    /// </summary>
    public static string TypeOf(string type, string urn)
    {
        if (!string.IsNullOrEmpty(type))
        {
            return type;
        }
        var parts = urn.Split("::");
        if (parts.Length < 4)
        {
            return "";
        }
        var qualifiedType = parts[2];
        var dollar = qualifiedType.LastIndexOf('$');
        return dollar < 0 ? qualifiedType : qualifiedType[(dollar + 1)..];
    }
}
