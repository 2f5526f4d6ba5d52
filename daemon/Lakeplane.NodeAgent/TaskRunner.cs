using System.Collections.Concurrent;
using System.Text.Json;

namespace Lakeplane.NodeAgent;

/// <summary>
/// The driver node's side of the job scheduler: a long poll to the daemon that returns the moment an attempt is
/// assigned to this node (or a kill is asked), so a task starts within milliseconds of being due rather than a
/// heartbeat later. Each attempt runs concurrently; on stop every attempt's process group is killed.
/// </summary>
public sealed class TaskRunner(AgentOptions options, DaemonChannel daemon, TextWriter log)
{
    private const string Poll = "/api/lakeplane/v1/nodes/tasks/poll";

    private readonly ConcurrentDictionary<string, TaskAttempt> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stopping)
    {
        string? lastProblem = null;
        while (!stopping.IsCancellationRequested && !daemon.NodeGone)
        {
            try
            {
                using var answer = await daemon.PostAsync(Poll, daemon.WriteIdentity, stopping);
                lastProblem = null;
                if (answer is null)
                {
                    continue;
                }
                if (answer.RootElement.TryGetProperty("start", out var starts))
                {
                    foreach (var element in starts.EnumerateArray())
                    {
                        var spec = TaskSpec.Read(element);
                        if (_seen.TryAdd(spec.AssignmentId, true))
                        {
                            var attempt = new TaskAttempt(spec, options.NodeDirectory, daemon, log);
                            _running[spec.AssignmentId] = attempt;
                            _ = Task.Run(async () =>
                            {
                                try
                                {
                                    await attempt.RunAsync(stopping);
                                }
                                finally
                                {
                                    _running.TryRemove(spec.AssignmentId, out _);
                                }
                            }, CancellationToken.None);
                        }
                    }
                }
                if (answer.RootElement.TryGetProperty("kill", out var kills))
                {
                    foreach (var id in kills.EnumerateArray().Select(k => k.GetString() ?? ""))
                    {
                        if (_running.TryGetValue(id, out var attempt))
                        {
                            attempt.Kill();
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or JsonException && !stopping.IsCancellationRequested)
            {
                if (lastProblem != exception.Message)
                {
                    log.WriteLine($"Task poll failed ({exception.Message}); retrying.");
                    lastProblem = exception.Message;
                }
                try
                {
                    await Task.Delay(200, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        foreach (var attempt in _running.Values)
        {
            attempt.Kill();
        }
    }
}
