namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// The Unity Catalog privileges as the API writes them (USE_CATALOG) and the securable types each
/// can be granted on — the same table lakeplaned enforces (privilege model 1.0), kept here so that
/// `terraform validate` points at a wrong privilege before anything is applied. The daemon stays
/// authoritative: a privilege it refuses still fails the apply with its message.
/// </summary>
public static class CatalogPrivileges
{
    public const string AllPrivileges = "ALL_PRIVILEGES";

    private static readonly string[] CatalogTree = ["catalog", "schema"];
    private static readonly string[] AllButMetastore = ["catalog", "schema", "table", "volume", "function", "storage_credential", "external_location"];

    private static readonly Dictionary<string, string[]> AppliesTo = new(StringComparer.Ordinal)
    {
        [AllPrivileges] = AllButMetastore,
        ["APPLY_TAG"] = [.. CatalogTree, "table", "volume", "function"],
        ["BROWSE"] = ["catalog", "external_location"],
        ["CREATE_CATALOG"] = ["metastore"],
        ["CREATE_CONNECTION"] = ["metastore"],
        ["CREATE_EXTERNAL_LOCATION"] = ["metastore", "storage_credential"],
        ["CREATE_EXTERNAL_TABLE"] = ["storage_credential", "external_location"],
        ["CREATE_EXTERNAL_VOLUME"] = ["external_location"],
        ["CREATE_FUNCTION"] = CatalogTree,
        ["CREATE_MANAGED_STORAGE"] = ["external_location"],
        ["CREATE_MATERIALIZED_VIEW"] = CatalogTree,
        ["CREATE_MODEL"] = CatalogTree,
        ["CREATE_SCHEMA"] = ["catalog"],
        ["CREATE_STORAGE_CREDENTIAL"] = ["metastore"],
        ["CREATE_TABLE"] = CatalogTree,
        ["CREATE_VOLUME"] = CatalogTree,
        ["EXECUTE"] = [.. CatalogTree, "function"],
        ["EXTERNAL_USE_LOCATION"] = ["external_location"],
        ["EXTERNAL_USE_SCHEMA"] = CatalogTree,
        ["MANAGE"] = AllButMetastore,
        ["MODIFY"] = [.. CatalogTree, "table"],
        ["READ_FILES"] = ["storage_credential", "external_location"],
        ["READ_VOLUME"] = [.. CatalogTree, "volume"],
        ["REFRESH"] = [.. CatalogTree, "table"],
        ["SELECT"] = [.. CatalogTree, "table"],
        ["USE_CATALOG"] = ["catalog"],
        ["USE_SCHEMA"] = CatalogTree,
        ["WRITE_FILES"] = ["storage_credential", "external_location"],
        ["WRITE_VOLUME"] = [.. CatalogTree, "volume"],
    };

    /// <summary>What ALL_PRIVILEGES does not stand for, as in Unity Catalog: these are granted by name only.</summary>
    private static readonly HashSet<string> OutsideAllPrivileges = new(StringComparer.Ordinal) { AllPrivileges, "MANAGE", "EXTERNAL_USE_SCHEMA", "EXTERNAL_USE_LOCATION" };

    public static IEnumerable<string> Known => AppliesTo.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string privilege) => AppliesTo.ContainsKey(privilege);

    /// <summary>The API's spelling of something written another way ("use catalog", "Use-Catalog"), or null when it names no privilege.</summary>
    public static string? CanonicalOf(string written)
    {
        var normal = string.Join('_', written.Trim().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        return AppliesTo.ContainsKey(normal) ? normal : null;
    }

    public static bool AppliesToType(string privilege, string securableType) =>
        AppliesTo.TryGetValue(privilege, out var types) && Array.IndexOf(types, securableType) >= 0;

    /// <summary>The privileges that can be granted on <paramref name="securableType"/>, sorted.</summary>
    public static IEnumerable<string> For(string securableType) =>
        AppliesTo.Where(p => Array.IndexOf(p.Value, securableType) >= 0).Select(p => p.Key).Order(StringComparer.Ordinal);

    /// <summary>True when ALL_PRIVILEGES on a securable of this type stands for <paramref name="privilege"/> too.</summary>
    public static bool IsIncludedInAll(string privilege, string securableType) =>
        !OutsideAllPrivileges.Contains(privilege) && AppliesToType(privilege, securableType);
}
