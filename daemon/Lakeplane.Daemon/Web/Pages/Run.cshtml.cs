using Lakeplane.Daemon.Jobs;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>One run: its state and each task's state, times and output (stdout, and the failure with the end of stderr),
/// followed live while it runs; Cancel. Everything through <see cref="JobService"/>.</summary>
public sealed class RunModel(JobService jobs) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true)]
    public long JobId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long RunId { get; set; }

    public Run? Run { get; private set; }

    /// <summary>The output of each task that started (a process ran), by task run id.</summary>
    public IReadOnlyDictionary<long, GetRunOutputResponse> Outputs { get; private set; } = new Dictionary<long, GetRunOutputResponse>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await TryAsync(() => LoadAsync(withOutputs: true)) && Run!.JobId != JobId)
        {
            // The URL names another job than the run's: send the browser to the run's own address rather than show the run
            // under a wrong job.
            return Redirect($"{Request.PathBase}/workspaces/{WorkspaceId}/jobs/{Run.JobId}/runs/{RunId}");
        }
        return Page();
    }

    /// <summary>The run alone, without its outputs: a task's output is uploaded before its exit is reported, so a new
    /// output always comes with a new run version, and the poll need not read storage.</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(() => LoadAsync(withOutputs: false)))
        {
            return StatusCode(Response.StatusCode);
        }
        return new JsonResult(new { fingerprint = Fingerprint, announce = $"Run {Run!.RunId} is {JobText.StateWord(Run.State)}." });
    }

    public async Task<IActionResult> OnPostCancelAsync(string? requestId)
    {
        if (await TryAsync(() => jobs.CancelRunAsync(Caller, new CancelRunRequest { WorkspaceId = WorkspaceId, RunId = RunId, RequestId = requestId ?? "" }, HttpContext.RequestAborted)))
        {
            return Done("Cancelling the run: tasks not started are skipped, running ones are stopped.");
        }
        var (error, status) = (Error, Response.StatusCode);
        await TryAsync(() => LoadAsync(withOutputs: true));
        (Error, Response.StatusCode) = (error, status);
        return Page();
    }

    public string Fingerprint => Run is null ? "" : Run.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoadAsync(bool withOutputs)
    {
        var cancellation = HttpContext.RequestAborted;
        Run = await jobs.GetRunAsync(Caller, new GetRunRequest { WorkspaceId = WorkspaceId, RunId = RunId }, cancellation);
        if (!withOutputs)
        {
            return;
        }
        var outputs = new Dictionary<long, GetRunOutputResponse>();
        foreach (var task in Run.Tasks.Where(t => t.StartTime > 0))
        {
            outputs[task.RunId] = await jobs.GetRunOutputAsync(Caller, new GetRunOutputRequest { WorkspaceId = WorkspaceId, RunId = task.RunId }, cancellation);
        }
        Outputs = outputs;
    }
}
