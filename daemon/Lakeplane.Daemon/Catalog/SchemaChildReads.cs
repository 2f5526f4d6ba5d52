using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Protos.V1;
using Google.Protobuf;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Reading the objects that live in a schema (tables, volumes, functions): each kind has its own reading privilege
/// (SELECT, READ_VOLUME, EXECUTE), but the rule is one. A reader needs USE_CATALOG, USE_SCHEMA and that privilege; with
/// <c>include_browse</c>, whoever may see an object gets it marked browse-only instead of a refusal.
/// </summary>
internal static class SchemaChildReads
{
    /// <summary>One object by its full name, or the refusal naming the first privilege missing.</summary>
    public static async Task<(CatalogNode<CatalogInfo> Catalog, CatalogNode<SchemaInfo> Schema, CatalogNode<T> Node, bool BrowseOnly)> GetAsync<T>(
        CatalogSession session, string fullName, string field, string readPrivilege, bool includeBrowse,
        Func<CatalogNode<SchemaInfo>, string, string, CancellationToken, Task<CatalogNode<T>>> find, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        var (catalog, schema, name) = await session.ParentsOfAsync(fullName, field, cancellationToken);
        var node = await find(schema, name, field, cancellationToken);
        var reads = session.Holds(catalog.Path, Privilege.UseCatalog) && session.Holds(schema.Path, Privilege.UseSchema) && session.Holds(node.Path, readPrivilege);
        if (!reads && !(includeBrowse && session.MaySee(node.Path)))
        {
            TablesService.RequireUse(session, catalog, schema);
            session.Require(node.Path, readPrivilege);
        }
        return (catalog, schema, node, !reads);
    }

    /// <summary>One page of a schema's objects of <paramref name="kind"/> that the caller may read (or, with
    /// <paramref name="includeBrowse"/>, see), and the token of the next page.</summary>
    public static async Task<(IReadOnlyList<(CatalogNode<T> Node, bool BrowseOnly)> Visible, string NextPageToken)> ListAsync<T>(
        CatalogSession session, string kind, SecurableType type, string readPrivilege, string catalogName, string schemaName,
        (string Name, string Id)? after, int pageSize, bool includeBrowse, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
        var schema = await session.SchemaAsync(catalog, schemaName, "schema_name", cancellationToken);
        var uses = session.Holds(catalog.Path, Privilege.UseCatalog) && session.Holds(schema.Path, Privilege.UseSchema);
        if (!uses && !(includeBrowse && session.MaySee(schema.Path)))
        {
            TablesService.RequireUse(session, catalog, schema);
        }
        var rows = await session.Reader.ListAsync(kind, session.AccountId, Persistence.ObjectKinds.SchemaScope(schema.Id), after, pageSize, cancellationToken);
        var visible = new List<(CatalogNode<T>, bool)>(rows.Count);
        var prefix = schema.Securable.FullName + ".";
        foreach (var row in rows)
        {
            var node = await session.VisibleNodeAsync<T>(row, type, prefix + row.Name, schema.Path, cancellationToken);
            var browseOnly = node is not null && !(uses && session.Holds(node.Path, readPrivilege));
            if (node is not null && (!browseOnly || includeBrowse))
            {
                visible.Add((node, browseOnly));
            }
        }
        return (visible, CatalogPaging.Next(rows, pageSize));
    }
}
