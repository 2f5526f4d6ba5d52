using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>
/// The Unity Catalog privileges, spelled as the API writes them (USE_CATALOG), and the securable types each can be
/// granted on. Applicability also decides inheritance: a privilege granted on a catalog or schema reaches a child when it
/// applies to the child's type (SELECT on a catalog reaches its tables; USE_CATALOG stays on the catalog).
/// </summary>
public static class Privilege
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

    private static readonly SecurableType[] CatalogTree = [SecurableType.Catalog, SecurableType.Schema];

    /// <summary>Each privilege and the securable types it can be granted on (Unity Catalog privilege model 1.0).</summary>
    private static readonly Dictionary<string, SecurableType[]> AppliesTo = new(StringComparer.Ordinal)
    {
        [AllPrivileges] = Enum.GetValues<SecurableType>().Where(t => t != SecurableType.Metastore).ToArray(),
        [ApplyTag] = [.. CatalogTree, SecurableType.Table, SecurableType.Volume, SecurableType.Function],
        [Browse] = [SecurableType.Catalog, SecurableType.ExternalLocation],
        [CreateCatalog] = [SecurableType.Metastore],
        [CreateConnection] = [SecurableType.Metastore],
        [CreateExternalLocation] = [SecurableType.Metastore, SecurableType.StorageCredential],
        [CreateExternalTable] = [SecurableType.StorageCredential, SecurableType.ExternalLocation],
        [CreateExternalVolume] = [SecurableType.ExternalLocation],
        [CreateFunction] = CatalogTree,
        [CreateManagedStorage] = [SecurableType.ExternalLocation],
        [CreateMaterializedView] = CatalogTree,
        [CreateModel] = CatalogTree,
        [CreateSchema] = [SecurableType.Catalog],
        [CreateStorageCredential] = [SecurableType.Metastore],
        [CreateTable] = CatalogTree,
        [CreateVolume] = CatalogTree,
        [Execute] = [.. CatalogTree, SecurableType.Function],
        [ExternalUseLocation] = [SecurableType.ExternalLocation],
        [ExternalUseSchema] = CatalogTree,
        [Manage] = Enum.GetValues<SecurableType>().Where(t => t != SecurableType.Metastore).ToArray(),
        [Modify] = [.. CatalogTree, SecurableType.Table],
        [ReadFiles] = [SecurableType.StorageCredential, SecurableType.ExternalLocation],
        [ReadVolume] = [.. CatalogTree, SecurableType.Volume],
        [Refresh] = [.. CatalogTree, SecurableType.Table],
        [Select] = [.. CatalogTree, SecurableType.Table],
        [UseCatalog] = [SecurableType.Catalog],
        [UseSchema] = CatalogTree,
        [WriteFiles] = [SecurableType.StorageCredential, SecurableType.ExternalLocation],
        [WriteVolume] = [.. CatalogTree, SecurableType.Volume],
    };

    /// <summary>What ALL_PRIVILEGES does not include, as in Unity Catalog: MANAGE and the external-engine privileges must be
    /// granted by name.</summary>
    private static readonly HashSet<string> OutsideAllPrivileges = new(StringComparer.Ordinal)
    {
        AllPrivileges, Manage, ExternalUseSchema, ExternalUseLocation,
    };

    public static IEnumerable<string> Known => AppliesTo.Keys;

    /// <summary>True when <paramref name="privilege"/> (normalised) can be granted on <paramref name="type"/>.</summary>
    public static bool AppliesToType(string privilege, SecurableType type) =>
        AppliesTo.TryGetValue(privilege, out var types) && Array.IndexOf(types, type) >= 0;

    /// <summary>The privileges ALL_PRIVILEGES stands for on a securable of <paramref name="type"/>.</summary>
    public static bool IsIncludedInAll(string privilege, SecurableType type) =>
        !OutsideAllPrivileges.Contains(privilege) && AppliesToType(privilege, type);

    /// <summary>"use catalog", "USE CATALOG" and "use_catalog" all become USE_CATALOG; unknown names are refused naming the field.</summary>
    public static string Normalise(string field, string privilege)
    {
        var normal = string.Join('_', privilege.Trim().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        if (!AppliesTo.ContainsKey(normal))
        {
            throw LakeplaneException.Invalid(field,
                $"{field}: '{privilege}' is not a Unity Catalog privilege: use one of {string.Join(", ", AppliesTo.Keys.Order(StringComparer.Ordinal))}.");
        }
        return normal;
    }

    /// <summary>Normalises and checks that the privilege can be granted on <paramref name="type"/>.</summary>
    public static string NormaliseFor(string field, string privilege, SecurableType type)
    {
        var normal = Normalise(field, privilege);
        if (!AppliesToType(normal, type))
        {
            var fits = AppliesTo.Where(pair => Array.IndexOf(pair.Value, type) >= 0).Select(pair => pair.Key).Order(StringComparer.Ordinal);
            throw LakeplaneException.Invalid(field,
                $"{field}: {normal} cannot be granted on a {type.ToLabel()}: the privileges of a {type.ToLabel()} are {string.Join(", ", fits)}.");
        }
        return normal;
    }
}
