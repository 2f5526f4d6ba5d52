using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lakeplane.Daemon.Delta;

/// <summary>
/// Reads the actions of the protocol from JSON objects: the lines of a commit file, or the rows of a checkpoint
/// turned into JSON. Each object holds one action under its name (add, remove, metaData, protocol, commitInfo, txn,
/// cdc, domainMetadata, ...); the actions the control plane does not need are skipped, as the protocol lets readers
/// skip what they do not use. A field of the wrong type is an error naming the file and the line (or row).
/// </summary>
public static class DeltaActionParser
{
    /// <summary>Every line of a JSON commit file.</summary>
    public static async Task<DeltaActionBatch> ParseCommitAsync(Stream content, string file, CancellationToken cancellationToken)
    {
        var batch = new DeltaActionBatch();
        using var reader = new StreamReader(content, Encoding.UTF8);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException exception)
            {
                throw new DeltaLogException(file, $"line {lineNumber} is not JSON ({exception.Message}): a commit file holds one JSON action per line.", exception);
            }
            if (node is not JsonObject action)
            {
                throw new DeltaLogException(file, $"line {lineNumber} is not a JSON object: a commit file holds one JSON action per line.");
            }
            Apply(batch, action, file, $"line {lineNumber}");
        }
        return batch;
    }

    /// <summary>One action object (a line, or a checkpoint row where the other actions' columns are null) into the batch.</summary>
    public static void Apply(DeltaActionBatch batch, JsonObject action, string file, string where)
    {
        foreach (var (name, value) in action)
        {
            if (value is null)
            {
                continue;
            }
            if (value is not JsonObject body)
            {
                throw new DeltaLogException(file, $"{where}: action '{name}' is not a JSON object.");
            }
            try
            {
                switch (name)
                {
                    case "protocol":
                        batch.Protocol = new DeltaProtocol(
                            RequiredInt(body, "minReaderVersion"), RequiredInt(body, "minWriterVersion"),
                            Strings(body["readerFeatures"]), Strings(body["writerFeatures"]));
                        break;
                    case "metaData":
                        var format = body["format"] as JsonObject;
                        batch.Metadata = new DeltaMetadata(
                            RequiredString(body, "id"),
                            body["name"]?.GetValue<string>(),
                            body["description"]?.GetValue<string>(),
                            format?["provider"]?.GetValue<string>() ?? "parquet",
                            RequiredString(body, "schemaString"),
                            Strings(body["partitionColumns"]),
                            StringMap(body["configuration"]),
                            body["createdTime"]?.GetValue<long>());
                        break;
                    case "add":
                        batch.Adds.Add(new(RequiredString(body, "path"), body["size"]?.GetValue<long>() ?? 0));
                        break;
                    case "remove":
                        batch.Removes.Add(RequiredString(body, "path"));
                        break;
                    case "commitInfo":
                        batch.CommitInfo = body;
                        break;
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or JsonException)
            {
                throw new DeltaLogException(file, $"{where}: action '{name}' does not follow the Delta protocol ({exception.Message}).", exception);
            }
        }
    }

    private static string RequiredString(JsonObject body, string field) =>
        body[field]?.GetValue<string>() ?? throw new FormatException($"'{field}' is required");

    private static int RequiredInt(JsonObject body, string field) =>
        body[field]?.GetValue<int>() ?? throw new FormatException($"'{field}' is required");

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonArray array => array.Select(item => item?.GetValue<string>() ?? throw new FormatException("a list holds null")).ToList(),
            _ => throw new FormatException("expected a list of strings"),
        };

    private static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node switch
        {
            null => new Dictionary<string, string>(),
            JsonObject map => map.Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<string>(), StringComparer.Ordinal),
            _ => throw new FormatException("expected a map of strings"),
        };
}
