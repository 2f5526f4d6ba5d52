using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog.Privileges;

/// <summary>What a grant can be on: the three-level namespace under a metastore, plus the storage credentials and external
/// locations that govern paths.</summary>
public enum SecurableType
{
    Metastore,
    Catalog,
    Schema,
    Table,
    Volume,
    Function,
    StorageCredential,
    ExternalLocation,
}

public static class SecurableTypes
{
    /// <summary>The spelling of the Unity Catalog 2.1 paths (/permissions/{securable_type}/...): lower case with underscores.</summary>
    public static string ToPathName(this SecurableType type) => type switch
    {
        SecurableType.Metastore => "metastore",
        SecurableType.Catalog => "catalog",
        SecurableType.Schema => "schema",
        SecurableType.Table => "table",
        SecurableType.Volume => "volume",
        SecurableType.Function => "function",
        SecurableType.StorageCredential => "storage_credential",
        _ => "external_location",
    };

    /// <summary>The spelling of inherited_from_type and securable_type fields: upper case.</summary>
    public static string ToWireName(this SecurableType type) => type.ToPathName().ToUpperInvariant();

    /// <summary>How messages name the type, e.g. "storage credential".</summary>
    public static string ToLabel(this SecurableType type) => type.ToPathName().Replace('_', ' ');

    /// <summary>Reads "catalog", "CATALOG", "storage_credential", "storage-credential" or "STORAGE CREDENTIAL".</summary>
    public static SecurableType Parse(string field, string value)
    {
        var normal = value.Trim().Replace('-', '_').Replace(' ', '_').ToLowerInvariant();
        foreach (var type in Enum.GetValues<SecurableType>())
        {
            if (type.ToPathName() == normal)
            {
                return type;
            }
        }
        throw LakeplaneException.Invalid(field,
            $"{field} '{value}' is not a securable type: use one of {string.Join(", ", Enum.GetValues<SecurableType>().Select(t => t.ToPathName()))}.");
    }
}
