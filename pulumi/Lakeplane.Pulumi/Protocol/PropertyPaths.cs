using System.Text;
using System.Text.RegularExpressions;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Model attribute paths and messages in Pulumi's words: subnet_ids[1] → subnetIds[1], and the
/// model's snake_case names inside a diagnostic's text → the camelCase names the program uses.
/// </summary>
public static partial class PropertyPaths
{
    public static string ToPulumi(AttributePath? path)
    {
        if (path is null)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var step in path.Steps)
        {
            switch (step)
            {
                case AttributeStep a:
                    if (text.Length > 0) text.Append('.');
                    text.Append(PulumiNames.ToCamel(a.Name));
                    break;
                case IndexStep i:
                    text.Append('[').Append(i.Index).Append(']');
                    break;
                case KeyStep k:
                    text.Append("[\"").Append(k.Key).Append("\"]");
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Rewrites every snake_case identifier (two or more words) to camelCase; other words are left alone.</summary>
    public static string ToPulumiText(string message) =>
        SnakeIdentifier().Replace(message, match => PulumiNames.ToCamel(match.Value));

    [GeneratedRegex(@"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")]
    private static partial Regex SnakeIdentifier();
}
