using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>The tasks of a job as a graph of depends_on edges.</summary>
public static class TaskGraph
{
    /// <summary>A loop of task keys (each depending on the next, the last on the first), or null when the graph has none.</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<JobTask> tasks)
    {
        var edges = tasks.ToDictionary(t => t.TaskKey, t => t.DependsOn.Select(d => d.TaskKey).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        var path = new List<string>();

        IReadOnlyList<string>? Visit(string key)
        {
            state[key] = 1;
            path.Add(key);
            foreach (var next in edges.GetValueOrDefault(key) ?? [])
            {
                if (!edges.ContainsKey(next))
                {
                    continue;
                }
                if (state.GetValueOrDefault(next) == 1)
                {
                    return path.Skip(path.IndexOf(next)).ToList();
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[key] = 2;
            return null;
        }

        foreach (var key in edges.Keys)
        {
            if (state.GetValueOrDefault(key) == 0 && Visit(key) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }
}
