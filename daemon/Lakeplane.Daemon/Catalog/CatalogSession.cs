using Google.Protobuf;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// One catalog call's view of the world, inside one store snapshot: the metastore assigned to the calling workspace, the
/// caller as grants name it (with its groups), and loaders that build each securable's path as they go, so a privilege
/// check reads at most the four securables above and including its target.
/// </summary>
public sealed class CatalogSession(
    IStoreReader reader, string accountId, long workspaceId, AuthenticatedPrincipal caller, GrantIdentity identity, CatalogNode<MetastoreInfo> metastore,
    CatalogSessions sessions)
{
    public CatalogSessions Sessions => sessions;

    public IStoreReader Reader => reader;

    public string AccountId => accountId;

    public long WorkspaceId => workspaceId;

    public AuthenticatedPrincipal Caller => caller;

    public GrantIdentity Identity => identity;

    public CatalogNode<MetastoreInfo> Metastore => metastore;

    public string MetastoreId => metastore.Id;

    public string MetastoreScope => ObjectKinds.MetastoreScope(metastore.Id);

    /// <summary>How denials name the caller: "User alice@example.com", "Service principal 6f1c…".</summary>
    public string CallerLabel => (caller.Kind == PrincipalKinds.ServicePrincipal ? "Service principal " : "User ") + identity.Name;

    public bool IsMetastoreAdmin => PrivilegeEvaluator.IsMetastoreAdmin(identity, metastore.Securable);

    public bool Holds(SecurablePath path, string privilege) => PrivilegeEvaluator.Holds(identity, path, privilege);

    public void Require(SecurablePath path, string privilege) => PrivilegeEvaluator.Require(identity, CallerLabel, path, privilege);

    public bool MaySee(SecurablePath path) => PrivilegeEvaluator.MaySee(identity, path);

    public void RequireMetastoreAdmin(string what)
    {
        if (!IsMetastoreAdmin)
        {
            throw LakeplaneException.Denied($"{CallerLabel} is not a metastore admin of metastore {metastore.Info.Name} ({metastore.Id}): {what} needs the metastore's owner or an account admin.");
        }
    }

    public Task<CatalogNode<CatalogInfo>> CatalogAsync(string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<CatalogInfo>(ObjectKinds.Catalog, MetastoreScope, name, SecurableType.Catalog, name, metastore.Path, field, cancellationToken);

    public Task<CatalogNode<SchemaInfo>> SchemaAsync(CatalogNode<CatalogInfo> catalog, string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<SchemaInfo>(ObjectKinds.Schema, ObjectKinds.CatalogScope(catalog.Id), name, SecurableType.Schema, catalog.Info.Name + "." + name, catalog.Path, field, cancellationToken);

    public Task<CatalogNode<TableInfo>> TableAsync(CatalogNode<SchemaInfo> schema, string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<TableInfo>(ObjectKinds.Table, ObjectKinds.SchemaScope(schema.Id), name, SecurableType.Table, schema.Securable.FullName + "." + name, schema.Path, field, cancellationToken);

    public Task<CatalogNode<VolumeInfo>> VolumeAsync(CatalogNode<SchemaInfo> schema, string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<VolumeInfo>(ObjectKinds.Volume, ObjectKinds.SchemaScope(schema.Id), name, SecurableType.Volume, schema.Securable.FullName + "." + name, schema.Path, field, cancellationToken);

    public Task<CatalogNode<FunctionInfo>> FunctionAsync(CatalogNode<SchemaInfo> schema, string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<FunctionInfo>(ObjectKinds.Function, ObjectKinds.SchemaScope(schema.Id), name, SecurableType.Function, schema.Securable.FullName + "." + name, schema.Path, field, cancellationToken);

    public Task<CatalogNode<StorageCredentialInfo>> StorageCredentialAsync(string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<StorageCredentialInfo>(ObjectKinds.StorageCredential, MetastoreScope, name, SecurableType.StorageCredential, name, metastore.Path, field, cancellationToken);

    public Task<CatalogNode<ExternalLocationInfo>> ExternalLocationAsync(string name, string field, CancellationToken cancellationToken) =>
        LoadAsync<ExternalLocationInfo>(ObjectKinds.ExternalLocation, MetastoreScope, name, SecurableType.ExternalLocation, name, metastore.Path, field, cancellationToken);

    /// <summary>catalog.schema → both nodes.</summary>
    public async Task<(CatalogNode<CatalogInfo> Catalog, CatalogNode<SchemaInfo> Schema)> SchemaByFullNameAsync(string fullName, string field, CancellationToken cancellationToken)
    {
        var parts = CatalogNames.FullName(field, fullName, 2);
        var catalog = await CatalogAsync(parts[0], field, cancellationToken);
        return (catalog, await SchemaAsync(catalog, parts[1], field, cancellationToken));
    }

    /// <summary>catalog.schema and the last part of a three-level full name.</summary>
    public async Task<(CatalogNode<CatalogInfo> Catalog, CatalogNode<SchemaInfo> Schema, string Name)> ParentsOfAsync(string fullName, string field, CancellationToken cancellationToken)
    {
        var parts = CatalogNames.FullName(field, fullName, 3);
        var catalog = await CatalogAsync(parts[0], field, cancellationToken);
        var schema = await SchemaAsync(catalog, parts[1], field, cancellationToken);
        return (catalog, schema, parts[2]);
    }

    /// <summary>A node for a row found by a list: its grants are read only when the parents' grants and ownership don't
    /// already decide that the caller may see it (listing a schema of 10,000 tables as a schema-level grantee reads no
    /// per-table grants).</summary>
    public async Task<CatalogNode<T>?> VisibleNodeAsync<T>(StoredObject row, SecurableType type, string fullName, SecurablePath parent, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        var info = CatalogRows.Read<T>(row);
        var withoutGrants = parent.Child(new Securable(type, row.Id, fullName, CatalogRows.OwnerOf(info), GrantSet.Empty));
        if (MaySee(withoutGrants))
        {
            return new CatalogNode<T>(row, info, withoutGrants);
        }
        var path = parent.Child(new Securable(type, row.Id, fullName, CatalogRows.OwnerOf(info), await CatalogRows.GrantsAsync(reader, row.Id, cancellationToken)));
        return MaySee(path) ? new CatalogNode<T>(row, info, path) : null;
    }

    private async Task<CatalogNode<T>> LoadAsync<T>(
        string kind, string scope, string name, SecurableType type, string fullName, SecurablePath parent, string field, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        var row = await reader.FindByNameAsync(kind, accountId, scope, name, cancellationToken)
                  ?? throw LakeplaneException.NotFound(field, $"{Capitalised(type.ToLabel())} '{fullName}' does not exist in metastore {metastore.Info.Name}: check {field}, or list them to find it.");
        var info = CatalogRows.Read<T>(row);
        var grants = await CatalogRows.GrantsAsync(reader, row.Id, cancellationToken);
        return new CatalogNode<T>(row, info, parent.Child(new Securable(type, row.Id, fullName, CatalogRows.OwnerOf(info), grants)));
    }

    private static string Capitalised(string label) => char.ToUpperInvariant(label[0]) + label[1..];
}
