using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Lineage;

/// <summary>A dataset of an OpenLineage event: the namespace and name that identify it, and (outputs) its column lineage.</summary>
/// <param name="ColumnInputs">Output column → the input columns it was derived from (the columnLineage facet).</param>
public sealed record OpenLineageDataset(string Namespace, string Name, IReadOnlyDictionary<string, IReadOnlyList<OpenLineageField>> ColumnInputs);

/// <summary>One input field of the columnLineage facet.</summary>
public sealed record OpenLineageField(string Namespace, string Name, string Field);

/// <summary>
/// An OpenLineage RunEvent (the OpenLineage specification's RunEvent, as its HTTP transport POSTs it), read and checked:
/// eventTime, run.runId, job.namespace, job.name, producer are required, inputs and outputs are lists of datasets with
/// namespace and name, and an output's facets.columnLineage.fields map output columns to inputFields. Anything else in
/// the event (other facets) is kept out of the control plane. A malformed event is an INVALID_PARAMETER_VALUE whose
/// field is the JSON path of what is wrong ($.run.runId, $.outputs[0].facets.columnLineage.fields.a.inputFields[1].field).
/// </summary>
public sealed record OpenLineageRunEvent(
    string EventType,
    DateTimeOffset EventTime,
    string RunId,
    string JobNamespace,
    string JobName,
    string Producer,
    IReadOnlyList<OpenLineageDataset> Inputs,
    IReadOnlyList<OpenLineageDataset> Outputs)
{
    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal) { "START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER" };

    public static OpenLineageRunEvent Parse(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException exception)
        {
            throw LakeplaneException.Invalid("$", $"$ (the body) is not JSON ({exception.Message}): send one OpenLineage RunEvent as a JSON object.");
        }
        if (root is not JsonObject run)
        {
            throw LakeplaneException.Invalid("$", "$ (the body) must be a JSON object: one OpenLineage RunEvent.");
        }
        var eventType = OptionalString(run, "eventType", "$") ?? "OTHER";
        if (!EventTypes.Contains(eventType))
        {
            throw LakeplaneException.Invalid("$.eventType", $"$.eventType '{eventType}' is not an OpenLineage event type: use one of {string.Join(", ", EventTypes)}.");
        }
        var timeText = RequiredString(run, "eventTime", "$");
        if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var eventTime))
        {
            throw LakeplaneException.Invalid("$.eventTime", $"$.eventTime '{timeText}' is not an ISO 8601 date-time (e.g. 2020-12-28T19:52:00.001+10:00).");
        }
        var runObject = RequiredObject(run, "run", "$");
        var runId = RequiredString(runObject, "runId", "$.run");
        if (!Guid.TryParse(runId, out _))
        {
            throw LakeplaneException.Invalid("$.run.runId", $"$.run.runId '{runId}' is not a UUID: OpenLineage run ids are UUIDs.");
        }
        var job = RequiredObject(run, "job", "$");
        return new OpenLineageRunEvent(
            eventType,
            eventTime,
            runId,
            RequiredString(job, "namespace", "$.job"),
            RequiredString(job, "name", "$.job"),
            RequiredString(run, "producer", "$"),
            Datasets(run, "inputs", withColumns: false),
            Datasets(run, "outputs", withColumns: true));
    }

    private static List<OpenLineageDataset> Datasets(JsonObject run, string field, bool withColumns)
    {
        var path = "$." + field;
        switch (run[field])
        {
            case null:
                return [];
            case JsonArray array:
                var datasets = new List<OpenLineageDataset>();
                for (var i = 0; i < array.Count; i++)
                {
                    var at = $"{path}[{i}]";
                    if (array[i] is not JsonObject dataset)
                    {
                        throw LakeplaneException.Invalid(at, $"{at} must be a dataset object with namespace and name.");
                    }
                    var columns = withColumns ? ColumnLineage(dataset, at) : new Dictionary<string, IReadOnlyList<OpenLineageField>>();
                    datasets.Add(new OpenLineageDataset(RequiredString(dataset, "namespace", at), RequiredString(dataset, "name", at), columns));
                }
                return datasets;
            default:
                throw LakeplaneException.Invalid(path, $"{path} must be a list of datasets.");
        }
    }

    private static Dictionary<string, IReadOnlyList<OpenLineageField>> ColumnLineage(JsonObject dataset, string at)
    {
        var result = new Dictionary<string, IReadOnlyList<OpenLineageField>>(StringComparer.Ordinal);
        if (dataset["facets"] is not JsonObject facets || facets["columnLineage"] is not { } facetNode)
        {
            return result;
        }
        var facetPath = at + ".facets.columnLineage";
        var facet = facetNode as JsonObject ?? throw LakeplaneException.Invalid(facetPath, $"{facetPath} must be an object with fields.");
        var fields = RequiredObject(facet, "fields", facetPath);
        foreach (var (column, node) in fields)
        {
            var columnPath = $"{facetPath}.fields.{column}";
            var entry = node as JsonObject ?? throw LakeplaneException.Invalid(columnPath, $"{columnPath} must be an object with inputFields.");
            if (entry["inputFields"] is not JsonArray inputs)
            {
                throw LakeplaneException.Invalid(columnPath + ".inputFields", $"{columnPath}.inputFields is required: a list of {{namespace, name, field}}.");
            }
            var list = new List<OpenLineageField>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var inputPath = $"{columnPath}.inputFields[{i}]";
                var input = inputs[i] as JsonObject ?? throw LakeplaneException.Invalid(inputPath, $"{inputPath} must be an object with namespace, name and field.");
                list.Add(new OpenLineageField(RequiredString(input, "namespace", inputPath), RequiredString(input, "name", inputPath), RequiredString(input, "field", inputPath)));
            }
            result[column] = list;
        }
        return result;
    }

    private static JsonObject RequiredObject(JsonObject parent, string field, string path) =>
        parent[field] as JsonObject ?? throw LakeplaneException.Invalid($"{path}.{field}", $"{path}.{field} is required and must be an object.");

    private static string RequiredString(JsonObject parent, string field, string path) =>
        OptionalString(parent, field, path) is { Length: > 0 } text ? text : throw LakeplaneException.Invalid($"{path}.{field}", $"{path}.{field} is required (a non-empty string).");

    private static string? OptionalString(JsonObject parent, string field, string path) =>
        parent[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw LakeplaneException.Invalid($"{path}.{field}", $"{path}.{field} must be a string."),
        };
}
