using System.Collections.Immutable;
using Lakeplane.Daemon.Storage;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// A table's state at one version, reconstructed from its log: the protocol, the metadata (schema, partitioning,
/// configuration) and the live data files. Immutable, so a cached snapshot is advanced by applying newer commits to
/// a copy.
/// </summary>
public sealed record DeltaSnapshot(
    StorageLocation Table,
    long Version,
    DeltaProtocol Protocol,
    DeltaMetadata Metadata,
    ImmutableDictionary<string, long> Files,
    long LastCommitTimestamp)
{
    public long SizeInBytes => Files.Values.Sum();
}

/// <summary>One commit as DESCRIBE HISTORY shows it: its version, its time and its commitInfo.</summary>
/// <param name="Timestamp">Epoch ms: the commit's in-commit timestamp when it has one, else the commit file's modification time (as the protocol defines a commit's time).</param>
public sealed record DeltaCommit(long Version, long Timestamp, System.Text.Json.Nodes.JsonObject? CommitInfo);
