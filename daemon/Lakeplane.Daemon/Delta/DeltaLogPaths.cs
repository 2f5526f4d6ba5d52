using System.Globalization;
using Lakeplane.Daemon.Storage;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// The file names of a Delta log, per the Delta protocol specification: commits are
/// <c>_delta_log/&lt;version, 20 digits&gt;.json</c>, classic checkpoints <c>&lt;version&gt;.checkpoint.parquet</c> or, in
/// parts, <c>&lt;version&gt;.checkpoint.&lt;part, 10 digits&gt;.&lt;parts, 10 digits&gt;.parquet</c>, and the hint to the latest
/// checkpoint <c>_last_checkpoint</c>.
/// </summary>
public static class DeltaLogPaths
{
    public const string LogDirectoryName = "_delta_log";
    public const string LastCheckpointName = "_last_checkpoint";

    public static StorageLocation LogDirectory(StorageLocation table) => table.Child(LogDirectoryName);

    public static StorageLocation Commit(StorageLocation table, long version) =>
        LogDirectory(table).Child(version.ToString("D20", CultureInfo.InvariantCulture) + ".json");

    public static StorageLocation LastCheckpoint(StorageLocation table) => LogDirectory(table).Child(LastCheckpointName);

    /// <summary>The files of the checkpoint of <paramref name="version"/>: one, or <paramref name="parts"/> of them.</summary>
    public static IReadOnlyList<StorageLocation> Checkpoint(StorageLocation table, long version, int parts)
    {
        var prefix = version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint";
        if (parts <= 1)
        {
            return [LogDirectory(table).Child(prefix + ".parquet")];
        }
        return Enumerable.Range(1, parts)
            .Select(part => LogDirectory(table).Child(string.Create(CultureInfo.InvariantCulture, $"{prefix}.{part:D10}.{parts:D10}.parquet")))
            .ToList();
    }

    /// <summary>What a file name in _delta_log is: a commit or a classic checkpoint (with its part count), or neither.</summary>
    public static DeltaLogFile? Parse(string fileName)
    {
        if (fileName.Length < 21 || fileName[20] != '.' || !long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }
        var rest = fileName[21..];
        if (rest == "json")
        {
            return new DeltaLogFile(version, DeltaLogFileKind.Commit, 1);
        }
        if (rest == "checkpoint.parquet")
        {
            return new DeltaLogFile(version, DeltaLogFileKind.Checkpoint, 1);
        }
        // <part>.<parts>.parquet after "checkpoint."
        var pieces = rest.Split('.');
        if (pieces.Length == 4 && pieces[0] == "checkpoint" && pieces[3] == "parquet" && pieces[1].Length == 10 && pieces[2].Length == 10
            && int.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out var parts))
        {
            return new DeltaLogFile(version, DeltaLogFileKind.Checkpoint, parts);
        }
        if (pieces.Length == 3 && pieces[0] == "checkpoint" && pieces[2] is "json" or "parquet")
        {
            // A V2 checkpoint named by UUID (the v2Checkpoint table feature).
            return new DeltaLogFile(version, DeltaLogFileKind.UuidCheckpoint, 1);
        }
        return null;
    }
}

public enum DeltaLogFileKind
{
    Commit,
    Checkpoint,
    UuidCheckpoint,
}

public sealed record DeltaLogFile(long Version, DeltaLogFileKind Kind, int Parts);
