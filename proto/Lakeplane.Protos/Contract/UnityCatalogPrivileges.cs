namespace Lakeplane.Protos.Contract;

/// <summary>
/// The Unity Catalog privileges (privilege model 1.0), spelled as the API writes them (USE_CATALOG),
/// and the securable types each can be granted on, spelled as the API's paths write them
/// (storage_credential). Part of the API's contract, so it lives with the API: lakeplaned enforces
/// it (Catalog/Privileges/Privilege), and the providers check configurations against it before
/// anything is applied. One table, so the two cannot disagree.
/// </summary>
public static class UnityCatalogPrivileges
{
    public const string AllPrivileges = "ALL_PRIVILEGES";
    public const string ApplyTag = "APPLY_TAG";
    public const string Browse = "BROWSE";
    public const string CreateCatalog = "CREATE_CATALOG";
    public const string CreateConnection = "CREATE_CONNECTION";
    public const string CreateExternalLocation = "CREATE_EXTERNAL_LOCATION";
    public const string CreateExternalTable = "CREATE_EXTERNAL_TABLE";
    public const string CreateExternalVolume = "CREATE_EXTERNAL_VOLUME";
    public const string CreateFunction = "CREATE_FUNCTION";
    public const string CreateManagedStorage = "CREATE_MANAGED_STORAGE";
    public const string CreateMaterializedView = "CREATE_MATERIALIZED_VIEW";
    public const string CreateModel = "CREATE_MODEL";
    public const string CreateSchema = "CREATE_SCHEMA";
    public const string CreateStorageCredential = "CREATE_STORAGE_CREDENTIAL";
    public const string CreateTable = "CREATE_TABLE";
    public const string CreateVolume = "CREATE_VOLUME";
    public const string Execute = "EXECUTE";
    public const string ExternalUseLocation = "EXTERNAL_USE_LOCATION";
    public const string ExternalUseSchema = "EXTERNAL_USE_SCHEMA";
    public const string Manage = "MANAGE";
    public const string Modify = "MODIFY";
    public const string ReadFiles = "READ_FILES";
    public const string ReadVolume = "READ_VOLUME";
    public const string Refresh = "REFRESH";
    public const string Select = "SELECT";
    public const string UseCatalog = "USE_CATALOG";
    public const string UseSchema = "USE_SCHEMA";
    public const string WriteFiles = "WRITE_FILES";
    public const string WriteVolume = "WRITE_VOLUME";

    /// <summary>The securable types, as the API's paths spell them (/permissions/{securable_type}/...).</summary>
    public static readonly IReadOnlyList<string> SecurableTypes =
        ["metastore", "catalog", "schema", "table", "volume", "function", "storage_credential", "external_location"];

    private static readonly string[] CatalogTree = ["catalog", "schema"];
    private static readonly string[] AllButMetastore = ["catalog", "schema", "table", "volume", "function", "storage_credential", "external_location"];

    private static readonly Dictionary<string, string[]> AppliesTo = new(StringComparer.Ordinal)
    {
        [AllPrivileges] = AllButMetastore,
        [ApplyTag] = [.. CatalogTree, "table", "volume", "function"],
        [Browse] = ["catalog", "external_location"],
        [CreateCatalog] = ["metastore"],
        [CreateConnection] = ["metastore"],
        [CreateExternalLocation] = ["metastore", "storage_credential"],
        [CreateExternalTable] = ["storage_credential", "external_location"],
        [CreateExternalVolume] = ["external_location"],
        [CreateFunction] = CatalogTree,
        [CreateManagedStorage] = ["external_location"],
        [CreateMaterializedView] = CatalogTree,
        [CreateModel] = CatalogTree,
        [CreateSchema] = ["catalog"],
        [CreateStorageCredential] = ["metastore"],
        [CreateTable] = CatalogTree,
        [CreateVolume] = CatalogTree,
        [Execute] = [.. CatalogTree, "function"],
        [ExternalUseLocation] = ["external_location"],
        [ExternalUseSchema] = CatalogTree,
        [Manage] = AllButMetastore,
        [Modify] = [.. CatalogTree, "table"],
        [ReadFiles] = ["storage_credential", "external_location"],
        [ReadVolume] = [.. CatalogTree, "volume"],
        [Refresh] = [.. CatalogTree, "table"],
        [Select] = [.. CatalogTree, "table"],
        [UseCatalog] = ["catalog"],
        [UseSchema] = CatalogTree,
        [WriteFiles] = ["storage_credential", "external_location"],
        [WriteVolume] = [.. CatalogTree, "volume"],
    };

    /// <summary>What ALL_PRIVILEGES does not stand for, as in Unity Catalog: MANAGE and the
    /// external-engine privileges are granted by name only.</summary>
    private static readonly HashSet<string> OutsideAllPrivileges = new(StringComparer.Ordinal)
    {
        AllPrivileges, Manage, ExternalUseSchema, ExternalUseLocation,
    };

    /// <summary>Every privilege, sorted.</summary>
    public static IEnumerable<string> Known => AppliesTo.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string privilege) => AppliesTo.ContainsKey(privilege);

    /// <summary>"use catalog", "USE CATALOG", "Use-Catalog" and "use_catalog" all become USE_CATALOG;
    /// null when the result names no privilege.</summary>
    public static string? CanonicalOf(string written)
    {
        var normal = string.Join('_', written.Trim().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        return AppliesTo.ContainsKey(normal) ? normal : null;
    }

    /// <summary>True when <paramref name="privilege"/> (canonical) can be granted on a securable of
    /// <paramref name="securableType"/> (path spelling).</summary>
    public static bool AppliesToType(string privilege, string securableType) =>
        AppliesTo.TryGetValue(privilege, out var types) && Array.IndexOf(types, securableType) >= 0;

    /// <summary>The privileges that can be granted on <paramref name="securableType"/>, sorted.</summary>
    public static IEnumerable<string> For(string securableType) =>
        AppliesTo.Where(pair => Array.IndexOf(pair.Value, securableType) >= 0).Select(pair => pair.Key).Order(StringComparer.Ordinal);

    /// <summary>True when ALL_PRIVILEGES on a securable of <paramref name="securableType"/> stands for
    /// <paramref name="privilege"/> too.</summary>
    public static bool IsIncludedInAll(string privilege, string securableType) =>
        !OutsideAllPrivileges.Contains(privilege) && AppliesToType(privilege, securableType);
}
