using Google.Protobuf;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// How catalog objects and their grants sit in the store. A body is the object's API message without what is derived
/// on read: the version (the row has it), names of parents (a renamed catalog must not leave stale names in ten thousand
/// tables; the scope holds the parent's id), and what depends on the caller (browse_only). The grants on a securable are
/// one row of kind uc_grants whose id is the securable's id: one lookup per securable, no scans.
/// </summary>
public static class CatalogRows
{
    private static readonly string[] DerivedFields = ["version", "browse_only", "full_name", "catalog_name", "schema_name", "credential_name"];

    public static string Serialize(IMessage info)
    {
        var stored = info.Descriptor.Parser.ParseFrom(info.ToByteArray());
        foreach (var name in DerivedFields)
        {
            stored.Descriptor.FindFieldByName(name)?.Accessor.Clear(stored);
        }
        return ProtoBodies.Serialize(stored);
    }

    public static T Read<T>(StoredObject row) where T : IMessage<T>, new()
    {
        var message = ProtoBodies.Deserialize<T>(row.Body);
        message.Descriptor.FindFieldByName("version").Accessor.SetValue(message, row.Version);
        return message;
    }

    public static string OwnerOf(IMessage info) => (string)info.Descriptor.FindFieldByName("owner").Accessor.GetValue(info);

    public static async Task<GrantSet> GrantsAsync(IStoreReader reader, string securableId, CancellationToken cancellationToken)
    {
        var row = await reader.GetAsync(ObjectKinds.Grants, securableId, cancellationToken);
        if (row is null)
        {
            return GrantSet.Empty;
        }
        var stored = ProtoBodies.Deserialize<PermissionsList>(row.Body);
        return GrantSet.From(stored.PrivilegeAssignments.Select(a => new KeyValuePair<string, IEnumerable<string>>(a.Principal, a.Privileges)), stored.ClaimedPrincipals);
    }

    /// <summary>Writes the grants of a securable: the row goes away when no grant is left.</summary>
    public static async Task SaveGrantsAsync(IStoreTransaction transaction, string accountId, string metastoreId, string securableId, GrantSet grants, CancellationToken cancellationToken)
    {
        var row = await transaction.GetAsync(ObjectKinds.Grants, securableId, cancellationToken);
        if (grants.IsEmpty)
        {
            if (row is not null)
            {
                await transaction.DeleteAsync(ObjectKinds.Grants, securableId, row.Version, cancellationToken);
            }
            return;
        }
        var body = ProtoBodies.Serialize(ToMessage(grants));
        if (row is null)
        {
            await transaction.InsertAsync(ObjectKinds.Grants, securableId, accountId, ObjectKinds.MetastoreScope(metastoreId), "", body, cancellationToken);
        }
        else
        {
            await transaction.UpdateAsync(ObjectKinds.Grants, securableId, row.Version, "", body, cancellationToken);
        }
    }

    public static PermissionsList ToMessage(GrantSet grants) => new()
    {
        PrivilegeAssignments = { grants.Assignments.Select(pair => new PrivilegeAssignment { Principal = pair.Key, Privileges = { pair.Value } }) },
        ClaimedPrincipals = { grants.Claimed },
    };

    /// <summary>Deletes a securable's row and its grants, in the caller's transaction.</summary>
    public static async Task DeleteWithGrantsAsync(IStoreTransaction transaction, StoredObject row, CancellationToken cancellationToken)
    {
        var grants = await transaction.GetAsync(ObjectKinds.Grants, row.Id, cancellationToken);
        if (grants is not null)
        {
            await transaction.DeleteAsync(ObjectKinds.Grants, row.Id, grants.Version, cancellationToken);
        }
        if (row.Kind is ObjectKinds.Table or ObjectKinds.Volume && await transaction.GetAsync(ObjectKinds.PathUse, row.Id, cancellationToken) is { } use)
        {
            await transaction.DeleteAsync(ObjectKinds.PathUse, use.Id, use.Version, cancellationToken);
        }
        await transaction.DeleteAsync(row.Kind, row.Id, row.Version, cancellationToken);
    }

    /// <summary>catalog.schema.name of a table or volume row, from the current names of its parents.</summary>
    public static async Task<string> FullNameAsync(IStoreReader reader, StoredObject row, CancellationToken cancellationToken)
    {
        var schema = await reader.GetAsync(ObjectKinds.Schema, row.Scope[(row.Scope.IndexOf(':') + 1)..], cancellationToken);
        var catalog = schema is null ? null : await reader.GetAsync(ObjectKinds.Catalog, schema.Scope[(schema.Scope.IndexOf(':') + 1)..], cancellationToken);
        return $"{catalog?.Name}.{schema?.Name}.{row.Name}";
    }

    /// <summary>Every row of a kind in a scope, read page by page (for force deletes and overlap checks).</summary>
    public static async Task<List<StoredObject>> AllAsync(IStoreReader reader, string kind, string accountId, string scope, CancellationToken cancellationToken)
    {
        const int page = 1000;
        var all = new List<StoredObject>();
        (string, string)? after = null;
        while (true)
        {
            var rows = await reader.ListAsync(kind, accountId, scope, after, page, cancellationToken);
            all.AddRange(rows);
            if (rows.Count < page)
            {
                return all;
            }
            after = (rows[^1].Name, rows[^1].Id);
        }
    }
}
