using Lakeplane.Daemon.Clusters;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>One cluster: state (followed live), nodes, events; start, terminate and resize through <see cref="ClusterService"/>.</summary>
public sealed class ClusterModel(ClusterService clusters) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true)]
    public string ClusterId { get; set; } = "";

    public Cluster? Cluster { get; private set; }

    public IReadOnlyList<ClusterEvent> Events { get; private set; } = [];

    public long TotalEvents { get; private set; }

    public async Task OnGetAsync() => await TryAsync(LoadAsync);

    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(LoadAsync))
        {
            return StatusCode(Response.StatusCode);
        }
        return new JsonResult(new { fingerprint = Fingerprint, announce = $"Cluster {Cluster!.ClusterName} is {Cluster.State}." });
    }

    public Task<IActionResult> OnPostStartAsync(string? requestId) => ActAsync(async cancellation =>
    {
        await clusters.StartAsync(Caller, new StartClusterRequest { WorkspaceId = WorkspaceId, ClusterId = ClusterId, RequestId = requestId ?? "" }, cancellation);
        return "Starting the cluster.";
    });

    public Task<IActionResult> OnPostTerminateAsync(string? requestId) => ActAsync(async cancellation =>
    {
        await clusters.TerminateAsync(Caller, new DeleteClusterRequest { WorkspaceId = WorkspaceId, ClusterId = ClusterId, RequestId = requestId ?? "" }, cancellation);
        return "Terminating the cluster.";
    });

    public Task<IActionResult> OnPostResizeAsync(string? requestId, int? numWorkers) => ActAsync(async cancellation =>
    {
        var request = new ResizeClusterRequest { WorkspaceId = WorkspaceId, ClusterId = ClusterId, RequestId = requestId ?? "" };
        if (numWorkers is not null)
        {
            request.NumWorkers = numWorkers.Value;
        }
        await clusters.ResizeAsync(Caller, request, cancellation);
        return $"Resizing to {numWorkers} workers.";
    });

    /// <summary>Changes what a person sees on the next live tick: state, nodes, or the count of events.</summary>
    public string Fingerprint => Cluster is null
        ? ""
        : $"{Cluster.Version}:{Cluster.State}:{Cluster.Driver?.State}:{string.Join(",", Cluster.Executors.Select(e => e.NodeId + e.State))}:{TotalEvents}";

    public IEnumerable<SparkNode> Nodes => Cluster is null
        ? []
        : (Cluster.Driver is { } driver ? new[] { driver } : []).Concat(Cluster.Executors);

    private async Task<IActionResult> ActAsync(Func<CancellationToken, Task<string>> action)
    {
        string? notice = null;
        if (await TryAsync(async () => notice = await action(HttpContext.RequestAborted)))
        {
            return Done(notice!);
        }
        var error = Error;
        await TryAsync(LoadAsync);
        Error = error;
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        Cluster = await clusters.GetAsync(Caller, new GetClusterRequest { WorkspaceId = WorkspaceId, ClusterId = ClusterId }, cancellation);
        var events = await clusters.EventsAsync(Caller, new ListClusterEventsRequest { WorkspaceId = WorkspaceId, ClusterId = ClusterId, Order = "DESC", Limit = 50 }, cancellation);
        Events = events.Events;
        TotalEvents = events.TotalCount;
    }
}
