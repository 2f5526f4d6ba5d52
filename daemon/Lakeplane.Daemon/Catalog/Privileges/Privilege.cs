using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.Contract;

namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>
/// The Unity Catalog privileges, spelled as the API writes them (USE_CATALOG), and the securable types each can be
/// granted on. Applicability also decides inheritance: a privilege granted on a catalog or schema reaches a child when it
/// applies to the child's type (SELECT on a catalog reaches its tables; USE_CATALOG stays on the catalog).
/// The table itself is the API contract's (Lakeplane.Protos.Contract.UnityCatalogPrivileges), which the providers check
/// configurations against too; this adds the daemon's securable type and its refusals.
/// </summary>
public static class Privilege
{
    public const string AllPrivileges = UnityCatalogPrivileges.AllPrivileges;
    public const string ApplyTag = UnityCatalogPrivileges.ApplyTag;
    public const string Browse = UnityCatalogPrivileges.Browse;
    public const string CreateCatalog = UnityCatalogPrivileges.CreateCatalog;
    public const string CreateConnection = UnityCatalogPrivileges.CreateConnection;
    public const string CreateExternalLocation = UnityCatalogPrivileges.CreateExternalLocation;
    public const string CreateExternalTable = UnityCatalogPrivileges.CreateExternalTable;
    public const string CreateExternalVolume = UnityCatalogPrivileges.CreateExternalVolume;
    public const string CreateFunction = UnityCatalogPrivileges.CreateFunction;
    public const string CreateManagedStorage = UnityCatalogPrivileges.CreateManagedStorage;
    public const string CreateMaterializedView = UnityCatalogPrivileges.CreateMaterializedView;
    public const string CreateModel = UnityCatalogPrivileges.CreateModel;
    public const string CreateSchema = UnityCatalogPrivileges.CreateSchema;
    public const string CreateStorageCredential = UnityCatalogPrivileges.CreateStorageCredential;
    public const string CreateTable = UnityCatalogPrivileges.CreateTable;
    public const string CreateVolume = UnityCatalogPrivileges.CreateVolume;
    public const string Execute = UnityCatalogPrivileges.Execute;
    public const string ExternalUseLocation = UnityCatalogPrivileges.ExternalUseLocation;
    public const string ExternalUseSchema = UnityCatalogPrivileges.ExternalUseSchema;
    public const string Manage = UnityCatalogPrivileges.Manage;
    public const string Modify = UnityCatalogPrivileges.Modify;
    public const string ReadFiles = UnityCatalogPrivileges.ReadFiles;
    public const string ReadVolume = UnityCatalogPrivileges.ReadVolume;
    public const string Refresh = UnityCatalogPrivileges.Refresh;
    public const string Select = UnityCatalogPrivileges.Select;
    public const string UseCatalog = UnityCatalogPrivileges.UseCatalog;
    public const string UseSchema = UnityCatalogPrivileges.UseSchema;
    public const string WriteFiles = UnityCatalogPrivileges.WriteFiles;
    public const string WriteVolume = UnityCatalogPrivileges.WriteVolume;

    public static IEnumerable<string> Known => UnityCatalogPrivileges.Known;

    /// <summary>True when <paramref name="privilege"/> (normalised) can be granted on <paramref name="type"/>.</summary>
    public static bool AppliesToType(string privilege, SecurableType type) =>
        UnityCatalogPrivileges.AppliesToType(privilege, type.ToPathName());

    /// <summary>The privileges ALL_PRIVILEGES stands for on a securable of <paramref name="type"/>.</summary>
    public static bool IsIncludedInAll(string privilege, SecurableType type) =>
        UnityCatalogPrivileges.IsIncludedInAll(privilege, type.ToPathName());

    /// <summary>"use catalog", "USE CATALOG" and "use_catalog" all become USE_CATALOG; unknown names are refused naming the field.</summary>
    public static string Normalise(string field, string privilege)
    {
        return UnityCatalogPrivileges.CanonicalOf(privilege) ?? throw LakeplaneException.Invalid(field,
            $"{field}: '{privilege}' is not a Unity Catalog privilege: use one of {string.Join(", ", UnityCatalogPrivileges.Known)}.");
    }

    /// <summary>Normalises and checks that the privilege can be granted on <paramref name="type"/>.</summary>
    public static string NormaliseFor(string field, string privilege, SecurableType type)
    {
        var normal = Normalise(field, privilege);
        if (!AppliesToType(normal, type))
        {
            var fits = UnityCatalogPrivileges.For(type.ToPathName());
            throw LakeplaneException.Invalid(field,
                $"{field}: {normal} cannot be granted on a {type.ToLabel()}: the privileges of a {type.ToLabel()} are {string.Join(", ", fits)}.");
        }
        return normal;
    }
}
