using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Delta;
using Lakeplane.Daemon.Storage;
using Parquet.Schema;
using Parquet.Serialization;

namespace Lakeplane.Lineage.Tests.Support;

/// <summary>
/// Writes a Delta table's log as a Delta writer would, per the Delta protocol specification (PROTOCOL.md): version 0
/// with protocol, metaData and commitInfo; later commits with add/remove/metaData and commitInfo; classic Parquet
/// checkpoints (the checkpoint schema of the specification: txn, add, remove, metaData, protocol columns, one action
/// per row, in one file or in parts) and _last_checkpoint. It keeps the table's state itself so a checkpoint holds
/// exactly the live files, the recent tombstones, the protocol and the metadata. No data files are written: the
/// control plane never reads them.
/// </summary>
public sealed class DeltaTableWriter(Func<StorageLocation, byte[], Task> put, StorageLocation table)
{
    public const string TableId = "5f6b2a50-0c61-4f6a-9d0e-7d35c1f0a001";

    private readonly Dictionary<string, long> _files = new(StringComparer.Ordinal);
    private readonly List<(string Path, long DeletedAt)> _tombstones = [];
    private JsonObject _protocol = new();
    private JsonObject _metadata = new();

    public DeltaTableWriter(IStorageDriver driver, StorageLocation table)
        : this((location, bytes) => driver.PutAsync(StorageAccess.Daemon, location, new MemoryStream(bytes), CancellationToken.None), table)
    {
    }

    public StorageLocation Table => table;

    /// <summary>The next version to commit.</summary>
    public long NextVersion { get; private set; }

    /// <summary>The commit time of the next commit (epoch ms); each commit moves it a minute on.</summary>
    public long Clock { get; set; } = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Whether commits carry commitInfo.inCommitTimestamp (the inCommitTimestamp table feature).</summary>
    public bool InCommitTimestamps { get; private set; }

    public static string Schema(params (string Name, string Type, bool Nullable)[] fields) =>
        new JsonObject
        {
            ["type"] = "struct",
            ["fields"] = new JsonArray(fields.Select(field => (JsonNode)new JsonObject
            {
                ["name"] = field.Name, ["type"] = field.Type, ["nullable"] = field.Nullable, ["metadata"] = new JsonObject(),
            }).ToArray()),
        }.ToJsonString();

    /// <summary>Version 0: CREATE TABLE, protocol 1/2 (no features) unless reader/writer features are given (then 3/7).</summary>
    public Task CreateAsync(string schemaString, string[]? partitionColumns = null, string[]? readerFeatures = null, string[]? writerFeatures = null,
        Dictionary<string, string>? configuration = null)
    {
        var features = readerFeatures is not null || writerFeatures is not null;
        _protocol = features
            ? new JsonObject
            {
                ["minReaderVersion"] = 3, ["minWriterVersion"] = 7,
                ["readerFeatures"] = new JsonArray((readerFeatures ?? []).Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["writerFeatures"] = new JsonArray((writerFeatures ?? []).Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            }
            : new JsonObject { ["minReaderVersion"] = 1, ["minWriterVersion"] = 2 };
        InCommitTimestamps = writerFeatures?.Contains("inCommitTimestamp") == true;
        _metadata = new JsonObject
        {
            ["id"] = TableId,
            ["format"] = new JsonObject { ["provider"] = "parquet", ["options"] = new JsonObject() },
            ["schemaString"] = schemaString,
            ["partitionColumns"] = new JsonArray((partitionColumns ?? []).Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["configuration"] = new JsonObject((configuration ?? []).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["createdTime"] = Clock,
        };
        return CommitAsync("CREATE TABLE", new JsonObject { ["isManaged"] = "false", ["partitionBy"] = "[]" }, [
            new JsonObject { ["protocol"] = _protocol.DeepClone() },
            new JsonObject { ["metaData"] = _metadata.DeepClone() },
        ]);
    }

    /// <summary>A WRITE in append mode adding the given files.</summary>
    public Task AppendAsync(params string[] paths) =>
        CommitAsync("WRITE", new JsonObject { ["mode"] = "Append", ["partitionBy"] = "[]" }, paths.Select(AddAction).ToList());

    /// <summary>A WRITE in overwrite mode: every live file removed, one new file added.</summary>
    public Task OverwriteAsync(string path)
    {
        var actions = _files.Keys.ToList().Select(RemoveAction).Append(AddAction(path)).ToList();
        return CommitAsync("WRITE", new JsonObject { ["mode"] = "Overwrite", ["partitionBy"] = "[]" }, actions);
    }

    /// <summary>A DELETE that removes one file.</summary>
    public Task DeleteFileAsync(string path) =>
        CommitAsync("DELETE", new JsonObject { ["predicate"] = "[\"(id = 1)\"]" }, [RemoveAction(path)]);

    /// <summary>ALTER TABLE ... ADD COLUMNS (or any schema change): a new metaData with the new schema.</summary>
    public Task ChangeSchemaAsync(string schemaString)
    {
        _metadata["schemaString"] = schemaString;
        return CommitAsync("ADD COLUMNS", new JsonObject { ["columns"] = "[]" }, [new JsonObject { ["metaData"] = _metadata.DeepClone() }]);
    }

    /// <summary>Writes raw lines as the next commit (for logs that break the protocol).</summary>
    public async Task RawCommitAsync(string content)
    {
        await put(DeltaLogPaths.Commit(table, NextVersion), Encoding.UTF8.GetBytes(content));
        NextVersion++;
        Clock += 60_000;
    }

    public async Task CommitAsync(string operation, JsonObject parameters, IReadOnlyList<JsonObject> actions)
    {
        var commitInfo = new JsonObject
        {
            ["timestamp"] = Clock,
            ["userId"] = "4711",
            ["userName"] = "writer@example.com",
            ["operation"] = operation,
            ["operationParameters"] = parameters,
            ["readVersion"] = NextVersion == 0 ? null : NextVersion - 1,
            ["isolationLevel"] = "Serializable",
            ["isBlindAppend"] = operation == "WRITE" && parameters["mode"]?.GetValue<string>() == "Append",
            ["operationMetrics"] = new JsonObject { ["numFiles"] = actions.Count(a => a.ContainsKey("add")).ToString(CultureInfo.InvariantCulture) },
            ["engineInfo"] = "Apache-Spark/3.5.0 Delta-Lake/3.2.0",
        };
        if (InCommitTimestamps)
        {
            // The protocol: commitInfo first, carrying inCommitTimestamp.
            commitInfo["inCommitTimestamp"] = Clock;
        }
        var lines = new StringBuilder();
        lines.Append(new JsonObject { ["commitInfo"] = commitInfo }.ToJsonString()).Append('\n');
        foreach (var action in actions)
        {
            lines.Append(action.ToJsonString()).Append('\n');
            if (action["add"] is JsonObject add)
            {
                _files[add["path"]!.GetValue<string>()] = add["size"]!.GetValue<long>();
            }
            if (action["remove"] is JsonObject remove)
            {
                var path = remove["path"]!.GetValue<string>();
                _files.Remove(path);
                _tombstones.Add((path, remove["deletionTimestamp"]!.GetValue<long>()));
            }
        }
        await put(DeltaLogPaths.Commit(table, NextVersion), Encoding.UTF8.GetBytes(lines.ToString()));
        NextVersion++;
        Clock += 60_000;
    }

    /// <summary>A classic checkpoint of the last committed version, in <paramref name="parts"/> files, and _last_checkpoint naming it.</summary>
    public async Task CheckpointAsync(int parts = 1, bool writeLastCheckpoint = true)
    {
        var version = NextVersion - 1;
        var rows = new List<IDictionary<string, object?>>
        {
            Row("protocol", new Dictionary<string, object?>
            {
                ["minReaderVersion"] = _protocol["minReaderVersion"]!.GetValue<int>(),
                ["minWriterVersion"] = _protocol["minWriterVersion"]!.GetValue<int>(),
                ["readerFeatures"] = Strings(_protocol["readerFeatures"]),
                ["writerFeatures"] = Strings(_protocol["writerFeatures"]),
            }),
            Row("metaData", new Dictionary<string, object?>
            {
                ["id"] = _metadata["id"]!.GetValue<string>(),
                ["name"] = null,
                ["description"] = null,
                ["format"] = new Dictionary<string, object?> { ["provider"] = "parquet", ["options"] = Map([]) },
                ["schemaString"] = _metadata["schemaString"]!.GetValue<string>(),
                ["partitionColumns"] = Strings(_metadata["partitionColumns"]),
                ["configuration"] = Map(((JsonObject)_metadata["configuration"]!).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>())),
                ["createdTime"] = _metadata["createdTime"]!.GetValue<long>(),
            }),
        };
        rows.AddRange(_files.Select(file => Row("add", new Dictionary<string, object?>
        {
            ["path"] = file.Key, ["partitionValues"] = Map([]), ["size"] = file.Value,
            ["modificationTime"] = Clock, ["dataChange"] = false, ["stats"] = "{\"numRecords\":1}",
        })));
        // Tombstones younger than the retention period stay in checkpoints: the last few here.
        rows.AddRange(_tombstones.TakeLast(10).Select(tombstone => Row("remove", new Dictionary<string, object?>
        {
            ["path"] = tombstone.Path, ["deletionTimestamp"] = tombstone.DeletedAt, ["dataChange"] = false,
        })));
        var locations = DeltaLogPaths.Checkpoint(table, version, parts);
        var perPart = (rows.Count + parts - 1) / parts;
        for (var part = 0; part < parts; part++)
        {
            using var buffer = new MemoryStream();
            await ParquetSerializer.SerializeUntypedAsync(rows.Skip(part * perPart).Take(perPart).ToList(), CheckpointSchema, buffer);
            await put(locations[part], buffer.ToArray());
        }
        if (writeLastCheckpoint)
        {
            var hint = new JsonObject { ["version"] = version, ["size"] = rows.Count };
            if (parts > 1)
            {
                hint["parts"] = parts;
            }
            await put(DeltaLogPaths.LastCheckpoint(table), Encoding.UTF8.GetBytes(hint.ToJsonString()));
        }
    }

    /// <summary>The checkpoint schema of the specification (the columns a reader needs; Spark writes a few more).</summary>
    private static readonly ParquetSchema CheckpointSchema = new(
        new StructField("txn", new DataField<string>("appId"), new DataField<long?>("version"), new DataField<long?>("lastUpdated")),
        new StructField("add",
            new DataField<string>("path"),
            new MapField("partitionValues", new DataField<string>("key", false), new DataField<string>("value")),
            new DataField<long?>("size"), new DataField<long?>("modificationTime"), new DataField<bool?>("dataChange"), new DataField<string>("stats")),
        new StructField("remove", new DataField<string>("path"), new DataField<long?>("deletionTimestamp"), new DataField<bool?>("dataChange")),
        new StructField("metaData",
            new DataField<string>("id"), new DataField<string>("name"), new DataField<string>("description"),
            new StructField("format", new DataField<string>("provider"), new MapField("options", new DataField<string>("key", false), new DataField<string>("value"))),
            new DataField<string>("schemaString"),
            new ListField("partitionColumns", new DataField<string>("element")),
            new MapField("configuration", new DataField<string>("key", false), new DataField<string>("value")),
            new DataField<long?>("createdTime")),
        new StructField("protocol",
            new DataField<int?>("minReaderVersion"), new DataField<int?>("minWriterVersion"),
            new ListField("readerFeatures", new DataField<string>("element")),
            new ListField("writerFeatures", new DataField<string>("element"))));

    private static Dictionary<string, object?> Row(string action, Dictionary<string, object?> body)
    {
        var row = new Dictionary<string, object?> { ["txn"] = null, ["add"] = null, ["remove"] = null, ["metaData"] = null, ["protocol"] = null };
        row[action] = body;
        return row;
    }

    /// <summary>A map as Parquet.Net's untyped serializer takes one (strings as character memory).</summary>
    private static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> Map(Dictionary<string, string> entries) =>
        entries.ToDictionary(kv => kv.Key.AsMemory(), kv => (ReadOnlyMemory<char>?)kv.Value.AsMemory());

    private static List<ReadOnlyMemory<char>?>? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => (ReadOnlyMemory<char>?)item!.GetValue<string>().AsMemory()).ToList() : null;

    private JsonObject AddAction(string path) => new()
    {
        ["add"] = new JsonObject
        {
            ["path"] = path, ["partitionValues"] = new JsonObject(), ["size"] = 1000L + path.Length, ["modificationTime"] = Clock, ["dataChange"] = true,
            ["stats"] = "{\"numRecords\":10}",
        },
    };

    private JsonObject RemoveAction(string path) => new()
    {
        ["remove"] = new JsonObject { ["path"] = path, ["deletionTimestamp"] = Clock, ["dataChange"] = true, ["extendedFileMetadata"] = false },
    };
}
