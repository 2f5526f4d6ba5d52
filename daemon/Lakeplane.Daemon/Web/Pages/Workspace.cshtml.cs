using Lakeplane.Daemon.Clusters;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>A workspace's clusters, live, and a form to create one. Everything through <see cref="ClusterService"/>: a
/// workspace token of another workspace, or a principal without access, gets the service's refusal.</summary>
public sealed class WorkspaceModel(ClusterService clusters) : WorkspacePageModel
{
    public IReadOnlyList<Cluster> Clusters { get; private set; } = [];

    public IReadOnlyList<NodeType> NodeTypes { get; private set; } = [];

    public IReadOnlyList<SparkVersion> SparkVersions { get; private set; } = [];

    public bool Loaded { get; private set; }

    [BindProperty]
    public NewCluster Form { get; set; } = new();

    public async Task OnGetAsync() => Loaded = await TryAsync(LoadAsync);

    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!await TryAsync(LoadAsync))
        {
            return StatusCode(Response.StatusCode);
        }
        return new JsonResult(new { fingerprint = Fingerprint });
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Cluster? created = null;
        var ok = await TryAsync(async () =>
        {
            var request = new CreateClusterRequest
            {
                WorkspaceId = WorkspaceId,
                ClusterName = Form.ClusterName?.Trim() ?? "",
                SparkVersion = Form.SparkVersion ?? "",
                NodeTypeId = Form.NodeTypeId ?? "",
                NumWorkers = Form.NumWorkers,
                AutoterminationMinutes = Form.AutoterminationMinutes,
                RequestId = Form.RequestId ?? "",
            };
            created = await clusters.CreateAsync(Caller, request, HttpContext.RequestAborted);
        });
        if (ok)
        {
            return Done($"Cluster {created!.ClusterName} is being created.", $"{Request.PathBase}/workspaces/{WorkspaceId}/clusters/{created.ClusterId}");
        }
        // Show the form again with what was typed and the service's reason (a fresh request id: this one was refused).
        var error = Error;
        Loaded = await TryAsync(LoadAsync);
        Error = error;
        Form.RequestId = UiFormat.NewRequestId();
        return Page();
    }

    public string Fingerprint => string.Join(";", Clusters.Select(c => $"{c.ClusterId}:{c.State}:{c.Version}:{c.Executors.Count}:{c.Driver?.State}"));

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        Clusters = await clusters.ListAsync(Caller, new ListClustersRequest { WorkspaceId = WorkspaceId }, cancellation);
        NodeTypes = clusters.NodeTypes(Caller, new ListNodeTypesRequest { WorkspaceId = WorkspaceId }).NodeTypes;
        SparkVersions = clusters.SparkVersions(Caller, new ListSparkVersionsRequest { WorkspaceId = WorkspaceId }).Versions;
    }

    /// <summary>The create form's fields.</summary>
    public sealed class NewCluster
    {
        public string? ClusterName { get; set; }
        public string? SparkVersion { get; set; }
        public string? NodeTypeId { get; set; }
        public int NumWorkers { get; set; } = 1;
        public int AutoterminationMinutes { get; set; } = 60;
        public string? RequestId { get; set; } = UiFormat.NewRequestId();
    }
}
