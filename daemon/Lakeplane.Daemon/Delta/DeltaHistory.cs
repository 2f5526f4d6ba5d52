using System.Globalization;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Storage;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// DESCRIBE HISTORY's content from a table's log: its commits newest first (version, timestamp, operation,
/// operationParameters, userName ... from each commit's commitInfo), paged by version, and which version time travel
/// (VERSION AS OF / TIMESTAMP AS OF) would read. Only commits still in the log are listed, as in Delta.
/// </summary>
public sealed class DeltaHistory(DeltaLogReader reader)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public async Task<TableHistoryResponse> ReadAsync(StorageAccess access, string storageLocation, GetTableHistoryRequest request, CancellationToken cancellationToken)
    {
        var pageSize = request.MaxResults switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw LakeplaneException.Invalid("max_results", $"max_results {request.MaxResults} is out of range: 1 to {MaxPageSize}, or leave it out for {DefaultPageSize}."),
            _ => request.MaxResults,
        };
        var timestamp = ParseTimestamp(request.Timestamp);
        if (request.HasVersion && timestamp is not null)
        {
            throw LakeplaneException.Invalid("version", "Give version or timestamp, not both: time travel reads a table as of one of them.");
        }
        var table = StorageLocation.Parse(storageLocation);
        var snapshot = await LogAsync(() => reader.ReadAsync(access, table, cancellationToken));
        var response = new TableHistoryResponse();
        if (request.HasVersion)
        {
            if (request.Version < 0 || request.Version > snapshot.Version)
            {
                throw LakeplaneException.Invalid("version", $"version {request.Version} does not exist: the table's versions are 0 to {snapshot.Version}.");
            }
            var commit = await LogAsync(() => reader.ReadCommitAsync(access, table, request.Version, cancellationToken))
                ?? throw LakeplaneException.Invalid("version", $"version {request.Version} is no longer in the table's log (its commit was cleaned up): choose a later version.");
            response.History.Add(Entry(commit));
            return response;
        }
        if (timestamp is { } asOf)
        {
            response.History.Add(await AsOfTimestampAsync(access, table, snapshot, asOf, request.Timestamp, cancellationToken));
            return response;
        }
        var start = snapshot.Version;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > snapshot.Version))
        {
            throw LakeplaneException.Invalid("page_token", $"page_token '{request.PageToken}' is not one a history listing returned: pass next_page_token as it came.");
        }
        var version = start;
        for (; version >= 0 && response.History.Count < pageSize; version--)
        {
            var commit = await LogAsync(() => reader.ReadCommitAsync(access, table, version, cancellationToken));
            if (commit is null)
            {
                // Older commits were cleaned up from the log: the history ends here.
                version = -1;
                break;
            }
            response.History.Add(Entry(commit));
        }
        if (version >= 0)
        {
            response.NextPageToken = version.ToString(CultureInfo.InvariantCulture);
        }
        return response;
    }

    /// <summary>The latest commit at or before the timestamp, as TIMESTAMP AS OF reads it.</summary>
    private async Task<TableHistoryEntry> AsOfTimestampAsync(
        StorageAccess access, StorageLocation table, DeltaSnapshot snapshot, long asOf, string text, CancellationToken cancellationToken)
    {
        if (asOf > snapshot.LastCommitTimestamp)
        {
            throw LakeplaneException.Invalid("timestamp",
                $"timestamp {text} is after the latest commit (version {snapshot.Version} at {Iso(snapshot.LastCommitTimestamp)}): use a time at or before it, or read the latest version.");
        }
        DeltaCommit? earliest = null;
        for (var version = snapshot.Version; version >= 0; version--)
        {
            var commit = await LogAsync(() => reader.ReadCommitAsync(access, table, version, cancellationToken));
            if (commit is null)
            {
                break;
            }
            if (commit.Timestamp <= asOf)
            {
                return Entry(commit);
            }
            earliest = commit;
        }
        throw LakeplaneException.Invalid("timestamp",
            $"timestamp {text} is before the earliest version available{(earliest is null ? "" : $" (version {earliest.Version} at {Iso(earliest.Timestamp)})")}: use a later time.");
    }

    public static TableHistoryEntry Entry(DeltaCommit commit)
    {
        var info = commit.CommitInfo;
        var entry = new TableHistoryEntry
        {
            Version = commit.Version,
            Timestamp = commit.Timestamp,
            Operation = Text(info?["operation"]),
            UserId = Text(info?["userId"]),
            UserName = Text(info?["userName"]),
            IsolationLevel = Text(info?["isolationLevel"]),
            IsBlindAppend = info?["isBlindAppend"] is JsonValue blind && blind.TryGetValue<bool>(out var isBlind) && isBlind,
            EngineInfo = Text(info?["engineInfo"]),
            UserMetadata = Text(info?["userMetadata"]),
            JobId = Text(info?["job"]?["jobId"]),
            JobRunId = Text(info?["job"]?["jobRunId"]),
            ClusterId = Text(info?["clusterId"]),
        };
        if (info?["readVersion"] is JsonValue read && read.TryGetValue<long>(out var readVersion))
        {
            entry.ReadVersion = readVersion;
        }
        AddAll(entry.OperationParameters, info?["operationParameters"]);
        AddAll(entry.OperationMetrics, info?["operationMetrics"]);
        return entry;
    }

    private static void AddAll(Google.Protobuf.Collections.MapField<string, string> into, JsonNode? from)
    {
        if (from is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                into[key] = Text(value);
            }
        }
    }

    /// <summary>commitInfo is free-form: strings as they are, anything else as its JSON.</summary>
    private static string Text(JsonNode? node) =>
        node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };

    /// <summary>Epoch milliseconds, or an ISO 8601 time with its offset; null when not given.</summary>
    public static long? ParseTimestamp(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return milliseconds;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUnixTimeMilliseconds();
        }
        throw LakeplaneException.Invalid("timestamp", $"timestamp '{text}' is not a time: give epoch milliseconds or ISO 8601 (2026-12-07T10:00:00Z).");
    }

    private static string Iso(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A log that cannot be read makes this call fail (history is nothing but the log), naming the file.</summary>
    private static async Task<T> LogAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (DeltaLogException exception)
        {
            throw LakeplaneException.Conflict($"The table's Delta log cannot be read: {exception.Message}", "full_name");
        }
    }
}
