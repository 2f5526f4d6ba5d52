using System.Globalization;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// What every catalog resource shares. The provider is account-level, while the catalog API runs
/// in a workspace (on the metastore assigned to it): every catalog resource therefore names the
/// workspace it is managed through, and its import id starts with that workspace's id.
/// </summary>
public static class CatalogValues
{
    public const string WorkspaceId = "workspace_id";

    public static AttributeSchema WorkspaceIdAttribute() =>
        Attr.Number(WorkspaceId).Required()
            .RequiresReplace("The object is managed through another workspace, which may use another metastore.")
            .Describe("Id of the workspace whose assigned metastore holds the object (for ordering, reference lakeplane_metastore_assignment.<name>.workspace_id).");

    public static AttributeSchema OwnerAttribute(string what) =>
        Attr.String("owner").Optional().Computed()
            .Describe($"User name, group name or service principal application id owning the {what}; the creator when unset. Changes in place.");

    /// <summary>Splits "&lt;workspace_id&gt;/&lt;rest&gt;"; the rest may itself contain slashes (grant ids do).</summary>
    public static (long WorkspaceId, string Name) ParseImportId(string id, string expected, string example)
    {
        var trimmed = id.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < trimmed.Length - 1
            && long.TryParse(trimmed[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId) && workspaceId > 0)
        {
            return (workspaceId, trimmed[(slash + 1)..]);
        }
        throw new ResourceException(Diagnostic.Error(
            "Invalid import id",
            $"Import with \"{expected}\", for example {example}: the provider manages the catalog through a workspace, whose id comes first."));
    }

    /// <summary>The daemon's map as state: null when empty and the configuration left it out (the daemon cannot tell them apart).</summary>
    public static Value Properties(IDictionary<string, string> properties, ObjectValue? prior, string name = "properties") =>
        properties.Count == 0 && (prior is null || prior[name].IsNull) ? Value.Null : StateValues.StringMap(properties);

    /// <summary>The daemon's "" as null unless the configuration wrote "" itself.</summary>
    public static Value Text(string text, ObjectValue? prior, string name) =>
        text.Length == 0 && (prior is null || prior[name] is not StringValue { Value: "" }) ? Value.Null : Value.Of(text);

    /// <summary>A force_destroy-style flag only the configuration knows: kept as written, false after import.</summary>
    public static Value Flag(ObjectValue? prior, string name) =>
        prior?[name] is BoolValue flag ? flag : Value.Of(false);

    /// <summary>The owner to set after a create, when the configuration names one other than the creator.</summary>
    public static string? OwnerToSet(ObjectValue planned, string current) =>
        planned["owner"] is StringValue { Value: var wanted } && wanted != current ? wanted : null;
}
