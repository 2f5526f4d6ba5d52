using System.Globalization;
using Lakeplane.Daemon.Jobs;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>A workspace's jobs, a page at a time, each with its schedule and its latest run (followed live), through
/// <see cref="JobService"/>: the Jobs API's own service, so a caller sees here exactly the jobs the API shows it.</summary>
public sealed class JobsModel(JobService jobs, TimeProvider time) : WorkspacePageModel
{
    public const int PageSize = 25;

    /// <summary>Where this page of the list starts (jobs are listed newest first, as jobs/list lists them).</summary>
    [BindProperty(SupportsGet = true)]
    public int Offset { get; set; }

    public IReadOnlyList<Job> Jobs { get; private set; } = [];

    public bool HasMore { get; private set; }

    /// <summary>Each listed job's newest run, if it has one.</summary>
    public IReadOnlyDictionary<long, Run> LatestRuns { get; private set; } = new Dictionary<long, Run>();

    public bool Loaded { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task OnGetAsync() => Loaded = await TryAsync(LoadAsync);

    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(LoadAsync))
        {
            return StatusCode(Response.StatusCode);
        }
        return new JsonResult(new { fingerprint = Fingerprint });
    }

    /// <summary>Changes when a listed job is changed, added or removed, or its latest run moves on.</summary>
    public string Fingerprint => string.Join(";", Jobs.Select(job =>
        $"{job.JobId}:{job.Version}:" + (LatestRuns.TryGetValue(job.JobId, out var run) ? $"{run.RunId}:{run.Version}" : "-")));

    public string PageLink(int offset) => $"{Request.PathBase}/workspaces/{WorkspaceId}/jobs" + (offset > 0 ? "?offset=" + offset.ToString(CultureInfo.InvariantCulture) : "");

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        var page = await jobs.ListAsync(Caller, new ListJobsRequest { WorkspaceId = WorkspaceId, Limit = PageSize, Offset = Offset, ExpandTasks = true }, cancellation);
        Jobs = page.Jobs;
        HasMore = page.HasMore;
        var latest = new Dictionary<long, Run>();
        foreach (var job in Jobs)
        {
            // One job's runs at a time, the newest only: runs of the whole workspace would read every run of the account.
            try
            {
                var runs = await jobs.ListRunsAsync(Caller, new ListRunsRequest { WorkspaceId = WorkspaceId, JobId = job.JobId, Limit = 1 }, cancellation);
                if (runs.Runs.Count > 0)
                {
                    latest[job.JobId] = runs.Runs[0];
                }
            }
            catch (Errors.LakeplaneException gone) when (gone.Code == Errors.ErrorCode.ResourceDoesNotExist)
            {
                // Deleted since the list was read: it is gone from the next rendering.
            }
        }
        LatestRuns = latest;
    }
}
