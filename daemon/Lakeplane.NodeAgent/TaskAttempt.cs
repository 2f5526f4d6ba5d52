using System.Diagnostics;
using System.Globalization;

namespace Lakeplane.NodeAgent;

/// <summary>
/// One task attempt on this node: its process runs in a process group (and session) of its own, with stdout and
/// stderr going to files under &lt;node-dir&gt;/running/&lt;attempt&gt; (so the node's heartbeat counts it as running
/// work). It is killed, group and all, at its timeout or when the daemon asks; once it exits its output is uploaded
/// to the daemon and its exit reported.
/// </summary>
public sealed class TaskAttempt(TaskSpec spec, string nodeDirectory, DaemonChannel daemon, TextWriter log)
{
    private const string Started = "/api/lakeplane/v1/nodes/tasks/started";
    private const string Exited = "/api/lakeplane/v1/nodes/tasks/exited";
    private const string Output = "/api/lakeplane/v1/nodes/tasks/output";

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
            _pid = process.Id;
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

    private Process Start(string directory, string stdout, string stderr)
    {
        // sh redirects the output to files and execs setsid, which (the shell not leading a group) makes the process
        // the leader of a new session and group in place and execs the task: one pid, whose group is the task.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$0\" \"$@\" </dev/null >\"$LAKEPLANE_TASK_STDOUT\" 2>\"$LAKEPLANE_TASK_STDERR\"");
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
