using System.Globalization;
using Lakeplane.Daemon.Storage;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// Shows a DELTA table as Databricks does, from its log: <c>properties</c> with delta.lastUpdateVersion,
/// delta.lastCommitTimestamp, delta.minReaderVersion, delta.minWriterVersion, the table's configuration
/// (delta.enableDeletionVectors ...) and delta.feature.&lt;name&gt; = supported for each table feature; <c>columns</c> as
/// the log's current schema, partition columns with their partition_index; and <c>delta_log</c> with the version,
/// the protocol, where the registered columns disagree with the log, or why the log could not be read (naming the
/// file). A log that cannot be read never fails the call: the table is answered from the catalog, with the error.
/// </summary>
public sealed class DeltaTableView(DeltaLogReader reader, ILogger<DeltaTableView> logger)
{
    public async Task DescribeAsync(TableInfo table, StorageAccess access, CancellationToken cancellationToken)
    {
        if (table.DataSourceFormat != "DELTA" || table.StorageLocation.Length == 0)
        {
            return;
        }
        var location = StorageLocation.Parse(table.StorageLocation);
        try
        {
            var snapshot = await reader.ReadAsync(access, location, cancellationToken);
            var log = DeltaLogPaths.LogDirectory(location) + "/";
            var columns = DeltaSchema.Columns(snapshot.Metadata, log);
            var info = new DeltaLogInfo
            {
                Version = snapshot.Version,
                LastCommitTimestamp = snapshot.LastCommitTimestamp,
                MinReaderVersion = snapshot.Protocol.MinReaderVersion,
                MinWriterVersion = snapshot.Protocol.MinWriterVersion,
                ReaderFeatures = { snapshot.Protocol.ReaderFeatures },
                WriterFeatures = { snapshot.Protocol.WriterFeatures },
                PartitionColumns = { snapshot.Metadata.PartitionColumns },
                SchemaDifferences = { SchemaDifferences(table.Columns, columns, snapshot.Version) },
            };
            table.Columns.Clear();
            table.Columns.Add(columns);
            foreach (var (key, value) in snapshot.Metadata.Configuration)
            {
                table.Properties[key] = value;
            }
            foreach (var feature in snapshot.Protocol.ReaderFeatures.Concat(snapshot.Protocol.WriterFeatures).Distinct(StringComparer.Ordinal))
            {
                table.Properties["delta.feature." + feature] = "supported";
            }
            table.Properties["delta.lastUpdateVersion"] = snapshot.Version.ToString(CultureInfo.InvariantCulture);
            table.Properties["delta.lastCommitTimestamp"] = snapshot.LastCommitTimestamp.ToString(CultureInfo.InvariantCulture);
            table.Properties["delta.minReaderVersion"] = snapshot.Protocol.MinReaderVersion.ToString(CultureInfo.InvariantCulture);
            table.Properties["delta.minWriterVersion"] = snapshot.Protocol.MinWriterVersion.ToString(CultureInfo.InvariantCulture);
            table.DeltaLog = info;
        }
        catch (DeltaLogException exception)
        {
            table.DeltaLog = new DeltaLogInfo { Error = exception.Message };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever else went wrong reading this one table's log (a storage SDK failure the driver did not translate)
            // is still this table's problem, not the caller's: reported on it, and logged for the operator.
            logger.LogWarning(exception, "Reading the Delta log of {Location} failed", table.StorageLocation);
            table.DeltaLog = new DeltaLogInfo
            {
                Error = $"{DeltaLogPaths.LogDirectory(location)}/: the log could not be read ({exception.GetType().Name}: {exception.Message}).",
            };
        }
    }

    /// <summary>Where the columns registered in the catalog disagree with the log's schema; none when no columns were registered.</summary>
    public static IEnumerable<string> SchemaDifferences(IReadOnlyList<ColumnInfo> registered, IReadOnlyList<ColumnInfo> log, long version)
    {
        if (registered.Count == 0)
        {
            yield break;
        }
        var inLog = log.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var known = registered.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in registered)
        {
            if (!inLog.TryGetValue(column.Name, out var actual))
            {
                yield return $"column '{column.Name}' is registered but not in the log's schema at version {version}";
            }
            else if (!string.Equals(column.TypeText, actual.TypeText, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"column '{column.Name}' is registered as {column.TypeText} but is {actual.TypeText} in the log at version {version}";
            }
            else if (column.Nullable != actual.Nullable)
            {
                yield return $"column '{column.Name}' is registered as {(column.Nullable ? "nullable" : "NOT NULL")} but is {(actual.Nullable ? "nullable" : "NOT NULL")} in the log at version {version}";
            }
        }
        foreach (var column in log.Where(c => !known.Contains(c.Name)))
        {
            yield return $"column '{column.Name}' ({column.TypeText}) is in the log at version {version} but not registered";
        }
    }
}
