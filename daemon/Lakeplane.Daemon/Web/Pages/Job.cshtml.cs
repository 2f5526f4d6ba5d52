using Lakeplane.Daemon.Jobs;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>One job: its definition (tasks, their dependencies and clusters; schedule), its run history with each task's
/// state (followed live); Run now, and pausing or resuming the schedule. Everything through <see cref="JobService"/>.</summary>
public sealed class JobModel(JobService jobs, TimeProvider time) : WorkspacePageModel
{
    public const int RunsShown = 25;

    [BindProperty(SupportsGet = true)]
    public long JobId { get; set; }

    public Job? Job { get; private set; }

    public IReadOnlyList<Run> Runs { get; private set; } = [];

    public bool MoreRuns { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task OnGetAsync() => await TryAsync(LoadAsync);

    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(LoadAsync))
        {
            return StatusCode(Response.StatusCode);
        }
        return new JsonResult(new { fingerprint = Fingerprint });
    }

    public Task<IActionResult> OnPostRunNowAsync(string? requestId) => ActAsync(async cancellation =>
    {
        var started = await jobs.RunNowAsync(Caller, new RunNowRequest { WorkspaceId = WorkspaceId, JobId = JobId, RequestId = requestId ?? "" }, cancellation);
        // number_in_job is the run id, as in Databricks: runs are named by their id.
        return ($"Run {started.RunId} started.", $"{Request.PathBase}/workspaces/{WorkspaceId}/jobs/{JobId}/runs/{started.RunId}");
    });

    /// <summary>Pauses or resumes the schedule as jobs/update would, at the version the page showed: a schedule changed
    /// meanwhile (by Terraform, say) is not overwritten with the page's stale copy; the conflict is shown instead.</summary>
    public Task<IActionResult> OnPostScheduleAsync(string? requestId, bool pause, long version) => ActAsync(async cancellation =>
    {
        var current = await jobs.GetAsync(Caller, new GetJobRequest { WorkspaceId = WorkspaceId, JobId = JobId }, cancellation);
        if (!JobText.HasSchedule(current.Settings.Schedule))
        {
            throw Errors.LakeplaneException.Invalid("schedule", "This job has no schedule to pause or resume: give it one with jobs/update or lakeplane_job's schedule block.");
        }
        var schedule = current.Settings.Schedule.Clone();
        schedule.PauseStatus = pause ? CronTimetable.Paused : CronTimetable.Unpaused;
        await jobs.UpdateAsync(Caller, new UpdateJobRequest
        {
            WorkspaceId = WorkspaceId,
            JobId = JobId,
            NewSettings = new JobSettings { Schedule = schedule },
            ExpectedVersion = version,
            RequestId = requestId ?? "",
        }, cancellation);
        return (pause ? "Schedule paused: it fires no more runs until resumed." : "Schedule resumed.", null);
    });

    /// <summary>Changes when the job is changed, or a shown run moves on or a new one starts.</summary>
    public string Fingerprint => (Job?.Version ?? 0) + "|" + string.Join(";", Runs.Select(r => $"{r.RunId}:{r.Version}"));

    private async Task<IActionResult> ActAsync(Func<CancellationToken, Task<(string Notice, string? Url)>> action)
    {
        (string Notice, string? Url)? done = null;
        if (await TryAsync(async () => done = await action(HttpContext.RequestAborted)) && done is { } result)
        {
            return Done(result.Notice, result.Url);
        }
        var (error, status) = (Error, Response.StatusCode);
        await TryAsync(LoadAsync);
        (Error, Response.StatusCode) = (error, status);
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        Job = await jobs.GetAsync(Caller, new GetJobRequest { WorkspaceId = WorkspaceId, JobId = JobId }, cancellation);
        var runs = await jobs.ListRunsAsync(Caller, new ListRunsRequest { WorkspaceId = WorkspaceId, JobId = JobId, Limit = RunsShown }, cancellation);
        Runs = runs.Runs;
        MoreRuns = runs.HasMore;
    }
}
