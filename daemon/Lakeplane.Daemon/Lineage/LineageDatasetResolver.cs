using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Storage;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Lineage;

/// <summary>
/// Maps OpenLineage datasets to catalog tables of the workspace's metastore:
/// <list type="bullet">
/// <item>by full name: a name whose last three dot-separated parts are catalog.schema.table of an existing table, in
/// any namespace (Spark, dbt and Airflow name UC tables so);</item>
/// <item>by location: namespace <c>s3://bucket</c> (or s3a/s3n) and name <c>path</c> is <c>s3://bucket/path</c>, the
/// table whose storage_location holds it (the innermost); on the local storage driver, namespace <c>file</c> and a path
/// under the driver's directory is the s3:// location it stores there, so a job on a local node maps as on S3.</item>
/// </list>
/// Anything else stays an external node under its own namespace and name.
/// </summary>
public sealed class LineageDatasetResolver(IStorageDriver driver)
{
    public async Task<LineageNode> ResolveAsync(CatalogSession session, Func<Task<IReadOnlyList<(string Location, LineageNode Node)>>> tableLocations,
        string @namespace, string name, CancellationToken cancellationToken)
    {
        if (await ByFullNameAsync(session, name, cancellationToken) is { } byName)
        {
            return byName;
        }
        if (LocationOf(@namespace, name) is { } location)
        {
            var match = (await tableLocations())
                .Where(table => StorageUrls.Contains(table.Location, location))
                .OrderByDescending(table => table.Location.Length)
                .Select(table => table.Node)
                .FirstOrDefault();
            if (match is not null)
            {
                return match;
            }
        }
        return LineageNode.External(@namespace, name);
    }

    /// <summary>Every table of the session's metastore with its storage location (read once per event).</summary>
    public static async Task<IReadOnlyList<(string Location, LineageNode Node)>> TableLocationsAsync(CatalogSession session, CancellationToken cancellationToken)
    {
        var result = new List<(string, LineageNode)>();
        foreach (var catalog in await CatalogRows.AllAsync(session.Reader, ObjectKinds.Catalog, session.AccountId, session.MetastoreScope, cancellationToken))
        {
            foreach (var schema in await CatalogRows.AllAsync(session.Reader, ObjectKinds.Schema, session.AccountId, ObjectKinds.CatalogScope(catalog.Id), cancellationToken))
            {
                foreach (var row in await CatalogRows.AllAsync(session.Reader, ObjectKinds.Table, session.AccountId, ObjectKinds.SchemaScope(schema.Id), cancellationToken))
                {
                    var table = CatalogRows.Read<TableInfo>(row);
                    if (table.StorageLocation.Length > 0)
                    {
                        result.Add((table.StorageLocation, LineageNode.Table(row.Id, $"{catalog.Name}.{schema.Name}.{row.Name}")));
                    }
                }
            }
        }
        return result;
    }

    private static async Task<LineageNode?> ByFullNameAsync(CatalogSession session, string name, CancellationToken cancellationToken)
    {
        var parts = name.Split('.');
        if (parts.Length < 3 || parts[^3..].Any(part => part.Length == 0))
        {
            return null;
        }
        var (catalogName, schemaName, tableName) = (parts[^3].Trim('`').ToLowerInvariant(), parts[^2].Trim('`').ToLowerInvariant(), parts[^1].Trim('`').ToLowerInvariant());
        try
        {
            var catalog = await session.CatalogAsync(catalogName, "name", cancellationToken);
            var schema = await session.SchemaAsync(catalog, schemaName, "name", cancellationToken);
            var table = await session.TableAsync(schema, tableName, "name", cancellationToken);
            return LineageNode.Table(table.Id, $"{catalogName}.{schemaName}.{tableName}");
        }
        catch (LakeplaneException exception) when (exception.Code == ErrorCode.ResourceDoesNotExist || exception.Code == ErrorCode.InvalidParameterValue)
        {
            return null;
        }
    }

    /// <summary>The s3:// location an OpenLineage dataset names, if it names one.</summary>
    private string? LocationOf(string @namespace, string name)
    {
        foreach (var scheme in new[] { "s3://", "s3a://", "s3n://" })
        {
            if (@namespace.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var bucket = @namespace[scheme.Length..].TrimEnd('/');
                return bucket.Length == 0 || bucket.Contains('/') ? null : $"s3://{bucket}/{name.TrimStart('/')}".TrimEnd('/');
            }
        }
        if (driver is LocalStorageDriver local && (@namespace == "file" || @namespace.StartsWith("file:", StringComparison.Ordinal)))
        {
            var path = Path.GetFullPath(name.StartsWith("file:", StringComparison.Ordinal) ? new Uri(name).LocalPath : name);
            var root = local.Root.TrimEnd('/') + "/";
            if (path.StartsWith(root, StringComparison.Ordinal))
            {
                return "s3://" + path[root.Length..].TrimEnd('/');
            }
        }
        return null;
    }
}
