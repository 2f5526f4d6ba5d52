using System.Security.Cryptography;
using System.Text;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Rest;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Where node agents take task attempts and report on them. The poll is long: it answers as soon as the node has an
/// attempt to start or kill (woken in-process by <see cref="NodeTaskSignals"/>), or after <see cref="PollWindow"/> with
/// nothing. Nodes authenticate with their node secret, as their heartbeats do.
/// </summary>
public static class NodeTaskEndpoints
{
    public const string PollPath = "/api/lakeplane/v1/nodes/tasks/poll";
    public const string StartedPath = "/api/lakeplane/v1/nodes/tasks/started";
    public const string OutputPath = "/api/lakeplane/v1/nodes/tasks/output";
    public const string ExitedPath = "/api/lakeplane/v1/nodes/tasks/exited";
    private static readonly TimeSpan PollWindow = TimeSpan.FromSeconds(20);
    private const string Scheme = "Bearer ";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(PollPath, async (HttpContext http, IStore store, NodeTaskSignals signals, JobSettingsOptions options, IHostApplicationLifetime lifetime) =>
        {
            // A stopping daemon answers at once: a graceful stop waits for open requests, and a node's poll must not
            // hold it (nor its heartbeats) up for the whole poll window.
            var stopping = lifetime.ApplicationStopping;
            var body = await RestCall.ReadBodyAsync(http, JobJsonContext.Default.TaskPollJson);
            var node = await AuthenticateAsync(http, store, body.NodeId, body.ClusterId);
            if (node is null)
            {
                return Gone(body.NodeId);
            }
            var deadline = DateTimeOffset.UtcNow + PollWindow;
            while (true)
            {
                var answer = await PendingAsync(store, node, http.RequestAborted);
                var left = deadline - DateTimeOffset.UtcNow;
                if (answer.Start.Count > 0 || answer.Kill.Count > 0 || left <= TimeSpan.Zero || stopping.IsCancellationRequested)
                {
                    return Results.Json(answer, JobJsonContext.Default.TaskPollAnswerJson);
                }
                using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
                try
                {
                    await signals.WaitAsync(node.NodeId, left < options.OrchestratorInterval ? left : options.OrchestratorInterval, either.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
                {
                    // Answered empty above on the next look.
                }
            }
        });
        app.MapPost(StartedPath, async (HttpContext http, IStore store, JobSignals jobSignals) =>
        {
            var report = await RestCall.ReadBodyAsync(http, JobJsonContext.Default.TaskReportJson);
            var node = await AuthenticateAsync(http, store, report.NodeId, report.ClusterId);
            if (node is null)
            {
                return Gone(report.NodeId);
            }
            await UpdateAsync(store, node, report.AssignmentId, a => a.State == TaskAssignment.Assigned
                ? a with { State = TaskAssignment.Started, Pid = report.Pid, StartedAt = report.StartedAt }
                : null, http.RequestAborted);
            jobSignals.Runs.Notify();
            return Results.Ok();
        });
        app.MapPut(OutputPath, async (HttpContext http, IStore store, RunOutputs outputs) =>
        {
            var query = http.Request.Query;
            var node = await AuthenticateAsync(http, store, query["node_id"].ToString(), query["cluster_id"].ToString());
            if (node is null)
            {
                return Gone(query["node_id"].ToString());
            }
            var stream = query["stream"].ToString();
            if (stream is not (RunOutputs.Stdout or RunOutputs.Stderr))
            {
                throw LakeplaneException.Invalid("stream", $"stream '{stream}' is not stdout or stderr.");
            }
            var assignment = await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.JobTaskAssignment, query["assignment_id"].ToString(), http.RequestAborted), http.RequestAborted);
            if (assignment is null || assignment.Scope != ObjectKinds.NodeScope(node.NodeId))
            {
                throw LakeplaneException.NotFound("assignment_id", "No such task attempt on this node.");
            }
            var record = TaskAssignment.Read(assignment.Body);
            await outputs.WriteAsync(record.AccountId, record.WorkspaceId, record.RunId, record.TaskKey, stream, http.Request.Body, http.RequestAborted);
            return Results.Ok();
        });
        app.MapPost(ExitedPath, async (HttpContext http, IStore store, JobSignals jobSignals) =>
        {
            var report = await RestCall.ReadBodyAsync(http, JobJsonContext.Default.TaskReportJson);
            var node = await AuthenticateAsync(http, store, report.NodeId, report.ClusterId);
            if (node is null)
            {
                return Gone(report.NodeId);
            }
            await UpdateAsync(store, node, report.AssignmentId, a => a.State == TaskAssignment.Exited ? null : a with
            {
                State = TaskAssignment.Exited,
                Pid = report.Pid != 0 ? report.Pid : a.Pid,
                StartedAt = report.StartedAt != 0 ? report.StartedAt : a.StartedAt,
                ExitCode = report.ExitCode,
                Outcome = report.Outcome ?? TaskAssignment.OutcomeExited,
                Message = report.Message ?? "",
                EndedAt = report.EndedAt,
            }, http.RequestAborted);
            jobSignals.Runs.Notify();
            return Results.Ok();
        });
    }

    /// <summary>Attempts of the node to start (assigned, not asked to be killed) and to kill (started, kill asked).</summary>
    private static async Task<TaskPollAnswerJson> PendingAsync(IStore store, NodeRecord node, CancellationToken cancellationToken)
    {
        var rows = await store.ReadAsync(reader => reader.ListAsync(ObjectKinds.JobTaskAssignment, node.AccountId, ObjectKinds.NodeScope(node.NodeId), cancellationToken: cancellationToken),
            cancellationToken);
        var answer = new TaskPollAnswerJson();
        foreach (var row in rows)
        {
            var assignment = TaskAssignment.Read(row.Body);
            if (assignment.State == TaskAssignment.Assigned && !assignment.KillRequested)
            {
                answer.Start.Add(assignment);
            }
            else if (assignment.State == TaskAssignment.Started && assignment.KillRequested)
            {
                answer.Kill.Add(assignment.AssignmentId);
            }
        }
        return answer;
    }

    private static Task UpdateAsync(IStore store, NodeRecord node, string? assignmentId, Func<TaskAssignment, TaskAssignment?> change, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var row = await transaction.GetAsync(ObjectKinds.JobTaskAssignment, assignmentId ?? "", cancellationToken);
            if (row is null || row.Scope != ObjectKinds.NodeScope(node.NodeId))
            {
                throw LakeplaneException.NotFound("assignment_id", $"No task attempt '{assignmentId}' on node {node.NodeId}.");
            }
            var changed = change(TaskAssignment.Read(row.Body));
            if (changed is not null)
            {
                await transaction.UpdateAsync(ObjectKinds.JobTaskAssignment, row.Id, row.Version, row.Name, changed.Serialize(), cancellationToken);
            }
            return true;
        }, cancellationToken);

    /// <summary>The node the bearer secret belongs to; null when the daemon no longer knows the node (answer 410 Gone).</summary>
    private static async Task<NodeRecord?> AuthenticateAsync(HttpContext http, IStore store, string? nodeId, string? clusterId)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw LakeplaneException.Unauthenticated("A node call needs 'Authorization: Bearer <node secret>'.");
        }
        var row = string.IsNullOrEmpty(nodeId) ? null : await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.ClusterNode, nodeId, http.RequestAborted), http.RequestAborted);
        if (row is null)
        {
            return null;
        }
        var record = NodeRecord.Read(row.Body);
        var presented = Encoding.ASCII.GetBytes(TokenSecrets.Hash(header[Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(record.SecretHash)) || record.ClusterId != clusterId)
        {
            throw LakeplaneException.Unauthenticated("The node secret does not match this node.");
        }
        return record;
    }

    private static IResult Gone(string? nodeId) =>
        Results.Json(new RestError("RESOURCE_DOES_NOT_EXIST", $"No node {nodeId}: the cluster no longer wants it; stop."), RestJsonContext.Default.RestError,
            statusCode: StatusCodes.Status410Gone);
}
