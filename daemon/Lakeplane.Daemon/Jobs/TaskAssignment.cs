using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// One attempt of one task handed to a node (kind job_task_assignment, scope node:&lt;node id&gt;): what to run, and
/// what became of it. The orchestrator writes it ASSIGNED; the node's agent, told at once through its long poll,
/// reports it STARTED (pid, process start time) and EXITED (exit code, outcome); the orchestrator folds that into
/// the run. Kept in the store, so any replica can serve the node and a restart loses no attempt.
/// </summary>
public sealed record TaskAssignment
{
    public const string Assigned = "ASSIGNED";
    public const string Started = "STARTED";
    public const string Exited = "EXITED";

    /// <summary>Outcomes: the process exited by itself, was killed at its timeout, was killed on request (cancel), or never started.</summary>
    public const string OutcomeExited = "EXITED";
    public const string OutcomeTimedOut = "TIMEDOUT";
    public const string OutcomeKilled = "KILLED";
    public const string OutcomeFailedToStart = "FAILED_TO_START";

    public string AssignmentId { get; init; } = "";
    public string AccountId { get; init; } = "";
    public long WorkspaceId { get; init; }
    public long RunId { get; init; }
    public long TaskRunId { get; init; }
    public string TaskKey { get; init; } = "";
    public int Attempt { get; init; }
    public string ClusterId { get; init; } = "";
    public string NodeId { get; init; } = "";

    /// <summary>The program and its arguments: /bin/sh -c command, or python3 file (written by the agent from
    /// <see cref="PythonSource"/>) with the parameters.</summary>
    public string TaskType { get; init; } = "";
    public string Command { get; init; } = "";
    public List<string> Parameters { get; init; } = [];
    public Dictionary<string, string> Env { get; init; } = [];
    public string PythonFile { get; init; } = "";
    public string PythonSource { get; init; } = "";
    public int TimeoutSeconds { get; init; }
    public long AssignedAt { get; init; }

    public string State { get; init; } = Assigned;
    public bool KillRequested { get; init; }
    public int Pid { get; init; }
    public long StartedAt { get; init; }
    public int ExitCode { get; init; }
    public string Outcome { get; init; } = "";
    public string Message { get; init; } = "";
    public long EndedAt { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, JobJsonContext.Default.TaskAssignment);

    public static TaskAssignment Read(string body) =>
        JsonSerializer.Deserialize(body, JobJsonContext.Default.TaskAssignment) ?? throw new InvalidDataException("Empty task assignment.");

    public static string IdOf(long taskRunId, int attempt) => JobIds.Key(taskRunId) + "-" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A node's long poll: which node asks.</summary>
public sealed class TaskPollJson
{
    public string? ClusterId { get; set; }
    public string? NodeId { get; set; }
}

/// <summary>The answer to a long poll: attempts to start, and attempts whose process group to kill.</summary>
public sealed class TaskPollAnswerJson
{
    public List<TaskAssignment> Start { get; set; } = [];
    public List<string> Kill { get; set; } = [];
}

/// <summary>What a node reports of an attempt: started (pid, started_at) or exited (exit_code, outcome, ended_at).</summary>
public sealed class TaskReportJson
{
    public string? ClusterId { get; set; }
    public string? NodeId { get; set; }
    public string? AssignmentId { get; set; }
    public int Pid { get; set; }
    public long StartedAt { get; set; }
    public int ExitCode { get; set; }
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public long EndedAt { get; set; }
}

/// <param name="LastScheduledTime">Epoch milliseconds of the last cron time fired (or skipped) for the job.</param>
/// <param name="Signature">The schedule (expression and time zone) the mark is of: a changed schedule starts afresh.</param>
public sealed record ScheduleMarkRecord(long LastScheduledTime, string Signature);

/// <summary>One cron time of one job, fired once: its id (job, time) is what keeps two replicas from firing it twice.</summary>
public sealed record FireRecord(long JobId, long ScheduledTime, long FiredAt, long RunId, string LifeCycleState, bool CatchUp, int MissedFires, string Replica);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TaskAssignment))]
[JsonSerializable(typeof(TaskPollJson))]
[JsonSerializable(typeof(TaskPollAnswerJson))]
[JsonSerializable(typeof(TaskReportJson))]
[JsonSerializable(typeof(ScheduleMarkRecord))]
[JsonSerializable(typeof(FireRecord))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
