using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Storage;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// Reads Delta transaction logs through the storage driver (local or s3), per the Delta protocol specification:
/// <c>_last_checkpoint</c>, then the checkpoint it names (Parquet, in one or several parts), then the JSON commits
/// after it, found by asking for each next version until one is absent (versions are contiguous). With no
/// <c>_last_checkpoint</c> the log directory is listed to find the latest complete checkpoint and to check that no
/// commit is missing.
/// <para>
/// Reading is incremental: the last snapshot of each table is kept, and the next read asks only for the commits
/// newer than it (one absent-object probe when nothing changed), unless a checkpoint far ahead of it is the
/// cheaper way. So a table of 10,000 commits with a checkpoint every 10 costs _last_checkpoint, one checkpoint and
/// at most 10 JSON files the first time, and one probe after that. The cache is only a cache: memory, per daemon
/// replica, rebuilt from the log when missing. Commit files are immutable, so their commitInfo is kept too, for
/// history.
/// </para>
/// </summary>
public sealed class DeltaLogReader(IStorageDriver driver)
{
    /// <summary>How many commits behind a newer checkpoint a cached snapshot may be and still be advanced commit by
    /// commit: past that, the one checkpoint is fewer reads.</summary>
    public const int CatchUpCommits = 10;

    private const int MaxCachedTables = 10_000;
    private const int MaxCachedCommits = 100_000;
    private const int ListPageSize = 1000;

    private readonly ConcurrentDictionary<string, DeltaSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeltaCommit> _commits = new(StringComparer.Ordinal);

    /// <summary>The table's latest snapshot; a <see cref="DeltaLogException"/> naming the file when the log is missing or not valid.</summary>
    public async Task<DeltaSnapshot> ReadAsync(StorageAccess access, StorageLocation table, CancellationToken cancellationToken)
    {
        var key = CacheKey(access, table);
        _snapshots.TryGetValue(key, out var cached);
        var hint = await ReadLastCheckpointAsync(access, table, cancellationToken);
        Replay replay;
        long? knownLast = null;
        if (cached is not null && (hint is null || hint.Version <= cached.Version + CatchUpCommits))
        {
            replay = Replay.From(cached);
        }
        else if (hint is not null && await LoadCheckpointAsync(access, table, hint.Version, hint.Parts, cancellationToken) is { } fromHint)
        {
            replay = fromHint;
        }
        else
        {
            (replay, knownLast) = await ReplayStartFromListingAsync(access, table, cancellationToken);
        }

        for (var version = replay.Version + 1; knownLast is null || version <= knownLast; version++)
        {
            var commit = await ReadCommitFileAsync(access, table, version, cancellationToken);
            if (commit is null)
            {
                if (knownLast is not null)
                {
                    throw new DeltaLogException(DeltaLogPaths.Commit(table, version).ToString(),
                        $"is missing: the log lists commits up to version {knownLast}, and versions must follow each other without a gap.");
                }
                break;
            }
            replay.Apply(commit.Value.Actions);
            replay.Version = version;
            replay.LastCommitTimestamp = commit.Value.Commit.Timestamp;
        }

        if (replay.Version < 0)
        {
            throw new DeltaLogException(DeltaLogPaths.Commit(table, 0).ToString(),
                $"does not exist: there is no Delta log at {DeltaLogPaths.LogDirectory(table)}/ (no {DeltaLogPaths.LastCheckpointName}, no commit, no checkpoint).");
        }
        if (replay.LastCommitTimestamp is null)
        {
            // Read from a checkpoint with nothing after it: the time is that version's commit's.
            replay.LastCommitTimestamp = (await ReadCommitAsync(access, table, replay.Version, cancellationToken))?.Timestamp ?? replay.CheckpointTimestamp;
        }
        var snapshot = replay.ToSnapshot(table);
        if (_snapshots.Count >= MaxCachedTables)
        {
            _snapshots.Clear();
        }
        _snapshots.AddOrUpdate(key, snapshot, (_, existing) => existing.Version > snapshot.Version ? existing : snapshot);
        return snapshot;
    }

    /// <summary>One commit (its time and commitInfo); null when that version's commit file is not in the log.</summary>
    public async Task<DeltaCommit?> ReadCommitAsync(StorageAccess access, StorageLocation table, long version, CancellationToken cancellationToken)
    {
        if (version < 0)
        {
            return null;
        }
        if (_commits.TryGetValue(CommitKey(access, table, version), out var known))
        {
            return known;
        }
        return (await ReadCommitFileAsync(access, table, version, cancellationToken))?.Commit;
    }

    private async Task<(DeltaActionBatch Actions, DeltaCommit Commit)?> ReadCommitFileAsync(
        StorageAccess access, StorageLocation table, long version, CancellationToken cancellationToken)
    {
        var location = DeltaLogPaths.Commit(table, version);
        var file = location.ToString();
        await using var read = await Storage(file, () => driver.OpenReadAsync(access, location, cancellationToken));
        if (read is null)
        {
            return null;
        }
        var actions = await DeltaActionParser.ParseCommitAsync(read.Content, file, cancellationToken);
        var inCommit = actions.CommitInfo?["inCommitTimestamp"];
        long timestamp;
        try
        {
            timestamp = inCommit is null ? read.Info.LastModified.ToUnixTimeMilliseconds() : inCommit.GetValue<long>();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new DeltaLogException(file, "commitInfo.inCommitTimestamp is not a number of milliseconds.", exception);
        }
        var commit = new DeltaCommit(version, timestamp, actions.CommitInfo);
        if (_commits.Count >= MaxCachedCommits)
        {
            _commits.Clear();
        }
        _commits[CommitKey(access, table, version)] = commit;
        return (actions, commit);
    }

    private async Task<LastCheckpoint?> ReadLastCheckpointAsync(StorageAccess access, StorageLocation table, CancellationToken cancellationToken)
    {
        var location = DeltaLogPaths.LastCheckpoint(table);
        await using var read = await Storage(location.ToString(), () => driver.OpenReadAsync(access, location, cancellationToken));
        if (read is null)
        {
            return null;
        }
        try
        {
            var node = await JsonNode.ParseAsync(read.Content, cancellationToken: cancellationToken) as JsonObject;
            var version = node?["version"]?.GetValue<long>();
            if (version is null or < 0)
            {
                return null;
            }
            var parts = node!["parts"]?.GetValue<int>() ?? 1;
            return new LastCheckpoint(version.Value, Math.Max(parts, 1));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // Only a hint, by the protocol: a reader that cannot use it lists the log instead.
            return null;
        }
    }

    /// <summary>The checkpoint of <paramref name="version"/> as the start of a replay; null when any part is absent.</summary>
    private async Task<Replay?> LoadCheckpointAsync(StorageAccess access, StorageLocation table, long version, int parts, CancellationToken cancellationToken)
    {
        var batch = new DeltaActionBatch();
        DateTimeOffset written = default;
        foreach (var location in DeltaLogPaths.Checkpoint(table, version, parts))
        {
            var file = location.ToString();
            await using var read = await Storage(file, () => driver.OpenReadAsync(access, location, cancellationToken));
            if (read is null)
            {
                return null;
            }
            written = read.Info.LastModified;
            // Parquet needs to seek to its footer; the driver's stream (an S3 response) cannot. A temporary file keeps a
            // large checkpoint out of memory.
            await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await read.Content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            await DeltaCheckpointReader.ApplyAsync(batch, copy, file, cancellationToken);
        }
        var replay = new Replay { Version = version, CheckpointTimestamp = written.ToUnixTimeMilliseconds() };
        replay.Apply(batch);
        if (replay.Protocol is null || replay.Metadata is null)
        {
            throw new DeltaLogException(DeltaLogPaths.Checkpoint(table, version, parts)[0].ToString(),
                $"holds no {(replay.Protocol is null ? "protocol" : "metaData")} action: a checkpoint must hold the table's protocol and metadata.");
        }
        return replay;
    }

    /// <summary>With no usable _last_checkpoint: list the log, start from its latest complete checkpoint (or version 0),
    /// and know the last version listed so that a gap is an error.</summary>
    private async Task<(Replay Replay, long? KnownLast)> ReplayStartFromListingAsync(StorageAccess access, StorageLocation table, CancellationToken cancellationToken)
    {
        var directory = DeltaLogPaths.LogDirectory(table);
        var commits = new SortedSet<long>();
        var checkpointParts = new Dictionary<(long Version, int Parts), int>();
        var uuidCheckpoints = new List<long>();
        string? token = null;
        do
        {
            var page = await Storage(directory.ToString() + "/", () => driver.ListAsync(access, directory, recursive: false, token, ListPageSize, cancellationToken));
            foreach (var item in page.Objects)
            {
                var name = item.Location.Key[(item.Location.Key.LastIndexOf('/') + 1)..];
                switch (DeltaLogPaths.Parse(name))
                {
                    case { Kind: DeltaLogFileKind.Commit } commit:
                        commits.Add(commit.Version);
                        break;
                    case { Kind: DeltaLogFileKind.Checkpoint } checkpoint:
                        checkpointParts[(checkpoint.Version, checkpoint.Parts)] = checkpointParts.GetValueOrDefault((checkpoint.Version, checkpoint.Parts)) + 1;
                        break;
                    case { Kind: DeltaLogFileKind.UuidCheckpoint } uuid:
                        uuidCheckpoints.Add(uuid.Version);
                        break;
                }
            }
            token = page.ContinuationToken;
        }
        while (token is not null);

        long? knownLast = commits.Count > 0 ? commits.Max : null;
        var complete = checkpointParts.Where(entry => entry.Value == entry.Key.Parts).Select(entry => entry.Key).OrderByDescending(key => key.Version).ToList();
        foreach (var (version, parts) in complete)
        {
            if (await LoadCheckpointAsync(access, table, version, parts, cancellationToken) is { } replay)
            {
                return (replay, knownLast is null || knownLast < version ? version : knownLast);
            }
        }
        if (commits.Count > 0 && commits.Min > 0)
        {
            var cleaned = uuidCheckpoints.Count > 0
                ? $"its only checkpoints are V2 checkpoints named by UUID (version {uuidCheckpoints.Max()}), which lakeplaned does not read yet"
                : "and there is no checkpoint to start from";
            throw new DeltaLogException(DeltaLogPaths.Commit(table, 0).ToString(),
                $"is missing: the log starts at version {commits.Min}, {cleaned}.");
        }
        return (new Replay { Version = -1 }, knownLast);
    }

    private static async Task<T> Storage<T>(string file, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StorageException exception)
        {
            throw new DeltaLogException(file, $"cannot be read from storage: {exception.Message}", exception);
        }
    }

    private static string CacheKey(StorageAccess access, StorageLocation table) => $"{access.RoleArn}|{table.ToString().TrimEnd('/')}";

    private static string CommitKey(StorageAccess access, StorageLocation table, long version) => CacheKey(access, table) + "|" + version;

    private sealed record LastCheckpoint(long Version, int Parts);

    /// <summary>A snapshot being built: the state so far and the version it is at.</summary>
    private sealed class Replay
    {
        public long Version { get; set; }

        public DeltaProtocol? Protocol { get; private set; }

        public DeltaMetadata? Metadata { get; private set; }

        public long? LastCommitTimestamp { get; set; }

        public long CheckpointTimestamp { get; init; }

        private ImmutableDictionary<string, long>.Builder Files { get; init; } = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);

        public static Replay From(DeltaSnapshot snapshot)
        {
            var replay = new Replay { Version = snapshot.Version, Files = snapshot.Files.ToBuilder(), LastCommitTimestamp = snapshot.LastCommitTimestamp };
            replay.Protocol = snapshot.Protocol;
            replay.Metadata = snapshot.Metadata;
            return replay;
        }

        /// <summary>Removes first, then adds: a commit that removes a path and adds it again (a new deletion vector) keeps it live.</summary>
        public void Apply(DeltaActionBatch batch)
        {
            Protocol = batch.Protocol ?? Protocol;
            Metadata = batch.Metadata ?? Metadata;
            foreach (var path in batch.Removes)
            {
                Files.Remove(path);
            }
            foreach (var (path, size) in batch.Adds)
            {
                Files[path] = size;
            }
        }

        public DeltaSnapshot ToSnapshot(StorageLocation table)
        {
            var log = DeltaLogPaths.LogDirectory(table) + "/";
            if (Protocol is null)
            {
                throw new DeltaLogException(log, $"no protocol action in versions 0 to {Version}: the first commit of a table must hold one.");
            }
            if (Metadata is null)
            {
                throw new DeltaLogException(log, $"no metaData action in versions 0 to {Version}: the first commit of a table must hold one.");
            }
            return new DeltaSnapshot(table, Version, Protocol, Metadata, Files.ToImmutable(), LastCommitTimestamp ?? CheckpointTimestamp);
        }
    }
}
