using System.Diagnostics;
using System.Globalization;

namespace Lakeplane.NodeAgent;

/// <summary>
/// One task attempt on this node: its process runs in a process group (and session) of its own, with stdout and
/// stderr going to files under &lt;node-dir&gt;/running/&lt;attempt&gt; (so the node's heartbeat counts it as running
/// work). It is killed, group and all, at its timeout, when the daemon asks, or when this agent dies in any way (see
/// <see cref="Watchdog"/>); once it exits its output is uploaded to the daemon and its exit reported.
/// </summary>
public sealed class TaskAttempt(TaskSpec spec, string nodeDirectory, DaemonChannel daemon, TextWriter log)
{
    private const string Started = "/api/lakeplane/v1/nodes/tasks/started";
    private const string Exited = "/api/lakeplane/v1/nodes/tasks/exited";
    private const string Output = "/api/lakeplane/v1/nodes/tasks/output";

    /// <summary>
    /// The shell the task runs under. It starts the task with setsid (a background child of a shell leads no group, so
    /// setsid makes it the leader of a new session and group in place, and its pid is the group's id), prints that pid,
    /// and waits for it. Next to it a subshell blocks reading the shell's stdin: a pipe whose writing end only this
    /// agent holds, so the read ends when the agent's process ends, however it ends (a SIGKILL runs no handler of ours),
    /// and the subshell then kills the task's whole group (and its pid, for the instant before setsid). A task never
    /// outlives its agent, and no pid recorded for later can be reused by the time it is killed.
    /// </summary>
    private const string Watchdog = """
        exec 3<&0
        setsid "$0" "$@" </dev/null >"$LAKEPLANE_TASK_STDOUT" 2>"$LAKEPLANE_TASK_STDERR" &
        task=$!
        echo "$task"
        (while read -r _ <&3; do :; done; kill -KILL -"$task" "$task" 2>/dev/null) &
        watcher=$!
        wait "$task"
        code=$?
        kill "$watcher" 2>/dev/null
        exit "$code"
        """;

    private readonly CancellationTokenSource _kill = new();
    private volatile string? _killOutcome;
    private int _pid;

    public string AssignmentId => spec.AssignmentId;

    /// <summary>Kills the attempt's process group (cancel); the attempt then reports KILLED.</summary>
    public void Kill()
    {
        _killOutcome ??= "KILLED";
        // At once, not only when the waiting continuation runs: the agent may be about to exit.
        ProcessGroups.Kill(_pid);
        _kill.Cancel();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var directory = Path.Combine(nodeDirectory, "running", spec.AssignmentId);
        Directory.CreateDirectory(directory);
        var stdout = Path.Combine(directory, "stdout");
        var stderr = Path.Combine(directory, "stderr");
        long startedAt = 0;
        var exitCode = -1;
        var outcome = "EXITED";
        var message = "";
        try
        {
            using var process = Start(directory, stdout, stderr);
            startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _pid = await TaskPidAsync(process);
            log.WriteLine($"Task {spec.TaskKey} attempt {spec.Attempt} ({spec.AssignmentId}) started as pid {_pid}.");
            _ = ReportStartedAsync(startedAt, stopping);
            using var deadline = spec.TimeoutSeconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(spec.TimeoutSeconds)) : new CancellationTokenSource();
            using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _kill.Token, stopping);
            try
            {
                await process.WaitForExitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                outcome = deadline.IsCancellationRequested && _killOutcome is null ? "TIMEDOUT" : "KILLED";
                ProcessGroups.Kill(_pid);
                // The watchdog shell exits as soon as the task it waits for is dead.
                await process.WaitForExitAsync(CancellationToken.None);
            }
            // Whatever the task left running in its group goes with it.
            ProcessGroups.Kill(_pid);
            exitCode = process.ExitCode;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or FormatException)
        {
            outcome = "FAILED_TO_START";
            message = exception.Message;
        }
        var endedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        log.WriteLine($"Task {spec.TaskKey} attempt {spec.Attempt} ended: {outcome}, exit code {exitCode}.");
        await ReportExitAsync(stdout, stderr, startedAt, endedAt, exitCode, outcome, message, stopping);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the node's cleanup.
        }
    }

    /// <summary>The task's pid (and process group id), as the watchdog shell prints it first thing.</summary>
    private static async Task<int> TaskPidAsync(Process watchdog)
    {
        var line = await watchdog.StandardOutput.ReadLineAsync();
        return int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1
            ? pid
            : throw new IOException($"The task's shell did not say which pid the task has (it wrote '{line}').");
    }

    private Process Start(string directory, string stdout, string stderr)
    {
        // stdin is the pipe the watchdog watches: this agent holds its writing end (never writing) until the attempt ends.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        if (spec.TaskType == "python")
        {
            var script = Path.Combine(directory, Path.GetFileName(spec.PythonFile.TrimEnd('/')) is { Length: > 0 } name ? name : "main.py");
            File.WriteAllBytes(script, spec.PythonSource);
            if (!OperatingSystem.IsWindows())
            {
                // The script is the workspace's (decrypted) file: readable by the node's user only.
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            start.ArgumentList.Add("python3");
            start.ArgumentList.Add(script);
        }
        else
        {
            start.ArgumentList.Add("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(spec.Command);
            start.ArgumentList.Add(spec.TaskKey);
        }
        foreach (var parameter in spec.Parameters)
        {
            start.ArgumentList.Add(parameter);
        }
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("LAKEPLANE_NODE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in spec.Env)
        {
            start.Environment[name] = value;
        }
        start.Environment["LAKEPLANE_TASK_STDOUT"] = stdout;
        start.Environment["LAKEPLANE_TASK_STDERR"] = stderr;
        start.Environment["LAKEPLANE_RUN_ID"] = spec.RunId.ToString(CultureInfo.InvariantCulture);
        start.Environment["LAKEPLANE_TASK_KEY"] = spec.TaskKey;
        start.Environment["LAKEPLANE_TASK_ATTEMPT"] = spec.Attempt.ToString(CultureInfo.InvariantCulture);
        return Process.Start(start) ?? throw new IOException("/bin/sh did not start.");
    }

    private async Task ReportStartedAsync(long startedAt, CancellationToken stopping)
    {
        try
        {
            await daemon.PostAsync(Started, writer =>
            {
                daemon.WriteIdentity(writer);
                writer.WriteString("assignment_id", spec.AssignmentId);
                writer.WriteNumber("pid", _pid);
                writer.WriteNumber("started_at", startedAt);
            }, stopping);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            // The exit report carries the start too.
            log.WriteLine($"Could not report the start of {spec.AssignmentId}: {exception.Message}");
        }
    }

    /// <summary>Uploads the output, then reports the exit; retried while the daemon is unreachable (it may be restarting).</summary>
    private async Task ReportExitAsync(string stdout, string stderr, long startedAt, long endedAt, int exitCode, string outcome, string message, CancellationToken stopping)
    {
        var query = $"?{daemon.Query}&assignment_id={Uri.EscapeDataString(spec.AssignmentId)}";
        for (var attempt = 0; attempt < 120 && !daemon.NodeGone; attempt++)
        {
            try
            {
                await daemon.PutFileAsync(Output + query + "&stream=stdout", stdout, CancellationToken.None);
                await daemon.PutFileAsync(Output + query + "&stream=stderr", stderr, CancellationToken.None);
                await daemon.PostAsync(Exited, writer =>
                {
                    daemon.WriteIdentity(writer);
                    writer.WriteString("assignment_id", spec.AssignmentId);
                    writer.WriteNumber("pid", _pid);
                    writer.WriteNumber("started_at", startedAt);
                    writer.WriteNumber("exit_code", exitCode);
                    writer.WriteString("outcome", outcome);
                    writer.WriteString("message", message);
                    writer.WriteNumber("ended_at", endedAt);
                }, CancellationToken.None);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                log.WriteLine($"Could not report the end of {spec.AssignmentId} ({exception.Message}); retrying.");
                if (stopping.IsCancellationRequested)
                {
                    return;
                }
                await Task.Delay(500, CancellationToken.None);
            }
        }
    }
}
