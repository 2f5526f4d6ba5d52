namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// A kind of object grants can be on, as the grant resources name it: the argument that names
/// one (catalog = "main"), the securable_type the permissions API takes, and how messages say it.
/// </summary>
public sealed record SecurableKind(string Argument, string SecurableType, string Label, string NameDescription)
{
    public static readonly SecurableKind Metastore = new("metastore", "metastore", "metastore", "Id of the metastore (its metastore_id).");
    public static readonly SecurableKind Catalog = new("catalog", "catalog", "catalog", "Name of the catalog.");
    public static readonly SecurableKind Schema = new("schema", "schema", "schema", "Full name of the schema: catalog.schema.");
    public static readonly SecurableKind Table = new("table", "table", "table", "Full name of the table: catalog.schema.table.");
    public static readonly SecurableKind Volume = new("volume", "volume", "volume", "Full name of the volume: catalog.schema.volume.");
    public static readonly SecurableKind Function = new("function", "function", "function", "Full name of the function: catalog.schema.function.");
    public static readonly SecurableKind StorageCredential = new("storage_credential", "storage_credential", "storage credential", "Name of the storage credential.");
    public static readonly SecurableKind ExternalLocation = new("external_location", "external_location", "external location", "Name of the external location.");

    /// <summary>Every kind, in the order the documentation lists the arguments.</summary>
    public static readonly IReadOnlyList<SecurableKind> All = [Metastore, Catalog, Schema, Table, Volume, Function, StorageCredential, ExternalLocation];

    public static SecurableKind? FromSecurableType(string securableType) =>
        All.FirstOrDefault(k => string.Equals(k.SecurableType, securableType.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase));

    /// <summary>How many dot-separated levels a full name of this kind has (0: a single free-form name or id).</summary>
    public int Levels => SecurableType switch
    {
        "catalog" => 1,
        "schema" => 2,
        "table" or "volume" or "function" => 3,
        _ => 0,
    };
}
