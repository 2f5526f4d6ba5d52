using System.Text.Json.Nodes;

namespace Lakeplane.Daemon.Delta;

/// <summary>The <c>protocol</c> action: the reader and writer versions, and (reader 3 / writer 7) the table features.</summary>
public sealed record DeltaProtocol(int MinReaderVersion, int MinWriterVersion, IReadOnlyList<string> ReaderFeatures, IReadOnlyList<string> WriterFeatures);

/// <summary>The <c>metaData</c> action: the table's identity, schema (Spark's StructType JSON), partitioning and configuration.</summary>
public sealed record DeltaMetadata(
    string Id,
    string? Name,
    string? Description,
    string Provider,
    string SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime);

/// <summary>The actions of one commit file (or of a checkpoint, which holds no commitInfo), in file order.</summary>
public sealed class DeltaActionBatch
{
    public DeltaProtocol? Protocol { get; set; }

    public DeltaMetadata? Metadata { get; set; }

    /// <summary>Files added (path → size in bytes).</summary>
    public List<KeyValuePair<string, long>> Adds { get; } = [];

    /// <summary>Files logically removed (paths).</summary>
    public List<string> Removes { get; } = [];

    /// <summary>The commit's commitInfo as written (free-form by the protocol); null in checkpoints.</summary>
    public JsonObject? CommitInfo { get; set; }
}
