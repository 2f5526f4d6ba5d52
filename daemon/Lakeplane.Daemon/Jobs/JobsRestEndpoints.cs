using System.Globalization;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// The Databricks jobs API 2.1 over REST: its paths, JSON shapes and answers (create answers {job_id}; reset, update,
/// delete and runs/cancel answer {}; run-now answers {run_id, number_in_job}). The workspace is the URL's, the
/// X-Databricks-Org-Id header's or the token's.
/// </summary>
public static class JobsRestEndpoints
{
    private const string Root = "/api/2.1/jobs";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Root + "/create", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var settings = await DatabricksJson.ReadAsync<JobSettings>(http);
            var request = new CreateJobRequest { WorkspaceId = workspaceId, Settings = settings, RequestId = RestCall.RequestId(http) };
            return DatabricksJson.Write(http, await jobs.CreateAsync(caller, request, http.RequestAborted));
        });
        app.MapGet(Root + "/get", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var job = await jobs.GetAsync(caller, new GetJobRequest { WorkspaceId = workspaceId, JobId = QueryLong(http, "job_id") }, http.RequestAborted);
            return DatabricksJson.Write(http, job, job.Version);
        });
        app.MapGet(Root + "/list", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = new ListJobsRequest
            {
                WorkspaceId = workspaceId,
                Limit = (int)QueryLong(http, "limit"),
                Offset = (int)QueryLong(http, "offset"),
                Name = http.Request.Query["name"].ToString(),
                ExpandTasks = QueryBool(http, "expand_tasks"),
            };
            return DatabricksJson.Write(http, await jobs.ListAsync(caller, request, http.RequestAborted));
        });
        app.MapPost(Root + "/reset", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<ResetJobRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId, request.ExpectedVersion) = ("", workspaceId, RestCall.RequestId(http), RestCall.ExpectedVersion(http));
            var job = await jobs.ResetAsync(caller, request, http.RequestAborted);
            return DatabricksJson.Write(http, new DeleteJobResponse(), job.Version);
        });
        app.MapPost(Root + "/update", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<UpdateJobRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId, request.ExpectedVersion) = ("", workspaceId, RestCall.RequestId(http), RestCall.ExpectedVersion(http));
            var job = await jobs.UpdateAsync(caller, request, http.RequestAborted);
            return DatabricksJson.Write(http, new DeleteJobResponse(), job.Version);
        });
        app.MapPost(Root + "/delete", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<DeleteJobRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            return DatabricksJson.Write(http, await jobs.DeleteAsync(caller, request, http.RequestAborted));
        });
        app.MapPost(Root + "/run-now", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<RunNowRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            return DatabricksJson.Write(http, await jobs.RunNowAsync(caller, request, http.RequestAborted));
        });
        app.MapGet(Root + "/runs/get", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var run = await jobs.GetRunAsync(caller, new GetRunRequest { WorkspaceId = workspaceId, RunId = QueryLong(http, "run_id") }, http.RequestAborted);
            return DatabricksJson.Write(http, run);
        });
        app.MapGet(Root + "/runs/list", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = new ListRunsRequest
            {
                WorkspaceId = workspaceId,
                JobId = QueryLong(http, "job_id"),
                ActiveOnly = QueryBool(http, "active_only"),
                CompletedOnly = QueryBool(http, "completed_only"),
                Limit = (int)QueryLong(http, "limit"),
                Offset = (int)QueryLong(http, "offset"),
            };
            return DatabricksJson.Write(http, await jobs.ListRunsAsync(caller, request, http.RequestAborted));
        });
        app.MapPost(Root + "/runs/cancel", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var request = await DatabricksJson.ReadAsync<CancelRunRequest>(http);
            (request.AccountId, request.WorkspaceId, request.RequestId) = ("", workspaceId, RestCall.RequestId(http));
            return DatabricksJson.Write(http, await jobs.CancelRunAsync(caller, request, http.RequestAborted));
        });
        app.MapGet(Root + "/runs/get-output", async (HttpContext http, JobService jobs) =>
        {
            var (caller, workspaceId) = await CallerAsync(http);
            var output = await jobs.GetRunOutputAsync(caller, new GetRunOutputRequest { WorkspaceId = workspaceId, RunId = QueryLong(http, "run_id") }, http.RequestAborted);
            return DatabricksJson.Write(http, output);
        });
    }

    private static long QueryLong(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return 0;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not a whole number.");
    }

    private static bool QueryBool(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        return text.Length > 0 && (bool.TryParse(text, out var value)
            ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not true or false."));
    }

    private static async Task<(Auth.AuthenticatedPrincipal Caller, long WorkspaceId)> CallerAsync(HttpContext http)
    {
        var caller = await RestCall.CallerAsync(http);
        return (caller, await WorkspaceTarget.ResolveAsync(http, caller));
    }
}
