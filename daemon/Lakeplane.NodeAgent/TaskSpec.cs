using System.Text.Json;

namespace Lakeplane.NodeAgent;

/// <summary>One task attempt as the daemon hands it out (the daemon's TaskAssignment, in its JSON form).</summary>
public sealed record TaskSpec(
    string AssignmentId,
    string TaskKey,
    long RunId,
    int Attempt,
    string TaskType,
    string Command,
    IReadOnlyList<string> Parameters,
    IReadOnlyDictionary<string, string> Env,
    string PythonFile,
    byte[] PythonSource,
    int TimeoutSeconds)
{
    public static TaskSpec Read(JsonElement element)
    {
        string Text(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        int Number(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
        var parameters = element.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => p.GetString() ?? "").ToList()
            : [];
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("env", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                env[entry.Name] = entry.Value.GetString() ?? "";
            }
        }
        var runId = element.TryGetProperty("run_id", out var run) && run.ValueKind == JsonValueKind.Number ? run.GetInt64() : 0;
        return new TaskSpec(Text("assignment_id"), Text("task_key"), runId, Number("attempt"), Text("task_type"), Text("command"), parameters, env,
            Text("python_file"), Convert.FromBase64String(Text("python_source")), Number("timeout_seconds"));
    }
}
