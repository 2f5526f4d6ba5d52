using System.Globalization;
using System.Security.Cryptography;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Job, run and task run ids: numbers, as Databricks has them, that grow with time (so a listing by id is a listing
/// by age) and stay below 2^53 (JavaScript clients read JSON numbers as doubles). A run's tasks get its id times
/// <see cref="MaxTasks"/> plus their index, so a task run id leads back to its run without a lookup.
/// </summary>
public static class JobIds
{
    public const int MaxTasks = 100;

    /// <summary>Milliseconds are counted from here, to leave room below 2^53 for task run ids.</summary>
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long New(DateTimeOffset now) =>
        (long)(now - Epoch).TotalMilliseconds * 1000 + RandomNumberGenerator.GetInt32(1000);

    public static long TaskRunId(long runId, int taskIndex) => runId * MaxTasks + taskIndex + 1;

    /// <summary>The run a task run id belongs to and the task's index; null for a plain run id.</summary>
    public static (long RunId, int TaskIndex)? SplitTaskRunId(long id) =>
        id < TaskRunIdFloor || id % MaxTasks == 0 ? null : (id / MaxTasks, (int)(id % MaxTasks) - 1);

    /// <summary>Run ids stay below this for 31 years from <see cref="Epoch"/>; task run ids lie above it.</summary>
    private const long TaskRunIdFloor = 1_000_000_000_000_000;

    /// <summary>Store ids: fixed width so the store's order by id is numeric order.</summary>
    public static string Key(long id) => id.ToString("D16", CultureInfo.InvariantCulture);
}
