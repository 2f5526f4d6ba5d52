using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Local;

/// <summary>The clusters API itself: Databricks REST shapes and paths, validation naming the field, idempotent
/// mutations, authorisation by workspace.</summary>
public sealed class ClusterApiTests(ClusterDaemonFixture daemon) : IClassFixture<ClusterDaemonFixture>
{
    [Theory]
    [InlineData("node_type_id", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"z9.huge","num_workers":1}""")]
    [InlineData("driver_node_type_id", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","driver_node_type_id":"nope","num_workers":1}""")]
    [InlineData("spark_version", """{"cluster_name":"c","spark_version":"1.0.x","node_type_id":"m5.large","num_workers":1}""")]
    [InlineData("autoscale", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","num_workers":1,"autoscale":{"min_workers":1,"max_workers":2}}""")]
    [InlineData("autoscale.max_workers", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","autoscale":{"min_workers":3,"max_workers":2}}""")]
    [InlineData("autotermination_minutes", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","num_workers":1,"autotermination_minutes":5}""")]
    [InlineData("num_workers", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","num_workers":-1}""")]
    [InlineData("num_workers", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.2xlarge","num_workers":1000}""")]
    [InlineData("cluster_name", """{"spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","num_workers":1}""")]
    [InlineData("custom_tags.Vendor", """{"cluster_name":"c","spark_version":"15.4.x-scala2.12","node_type_id":"m5.large","custom_tags":{"Vendor":"x"}}""")]
    public async Task BadSpec_IsRefusedOverRest_NamingTheField(string field, string body)
    {
        using var http = daemon.WorkspaceHttp();
        var response = await http.PostAsync("/api/2.1/clusters/create", new StringContent(body, Encoding.UTF8, "application/json"));
        var message = await Expect.RestErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSpec_IsRefusedOverGrpc_WithTheFieldInTheDetail()
    {
        var request = daemon.NewCluster(numWorkers: 1, autoterminationMinutes: 10001);
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "autotermination_minutes", () => daemon.Clusters.CreateClusterAsync(request));
        Assert.DoesNotContain((await daemon.Clusters.ListClustersAsync(new ListClustersRequest { WorkspaceId = daemon.WorkspaceId })).Clusters,
            c => c.ClusterName == request.ClusterName);
    }

    [Fact]
    public async Task RestApi_SpeaksTheDatabricksShapes_AtTheWorkspaceUrl()
    {
        var token = (await Fixtures.WorkspaceTokenAsync(daemon.Lakeplane, daemon.WorkspaceId)).TokenValue;
        using var http = daemon.Http(token);
        var root = new Uri(daemon.Workspace.WorkspaceUrl).AbsolutePath + "/api/2.1/clusters";

        var nodeTypes = await Expect.RestOkAsync(await http.GetAsync(root + "/list-node-types"));
        var m5 = nodeTypes.GetProperty("node_types").EnumerateArray().Single(t => t.GetProperty("node_type_id").GetString() == "m5.large");
        Assert.Equal(2, m5.GetProperty("num_cores").GetDouble());
        Assert.Equal(8192, m5.GetProperty("memory_mb").GetInt64());
        var versions = await Expect.RestOkAsync(await http.GetAsync(root + "/spark-versions"));
        Assert.Contains(versions.GetProperty("versions").EnumerateArray(), v => v.GetProperty("key").GetString() == "15.4.x-scala2.12");

        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync(root + "/create", new
        {
            cluster_name = Unique.Name("rest"), spark_version = "15.4.x-scala2.12", node_type_id = "m5.large", num_workers = 0,
            custom_tags = new Dictionary<string, string> { ["team"] = "data" }, spark_env_vars = new Dictionary<string, string> { ["PYSPARK_PYTHON"] = "/usr/bin/python3" },
        }));
        var clusterId = created.GetProperty("cluster_id").GetString()!;
        Assert.Single(created.EnumerateObject());
        await daemon.WaitForStateAsync(clusterId, "RUNNING");

        var got = await Expect.RestOkAsync(await http.GetAsync(root + "/get?cluster_id=" + clusterId));
        Assert.Equal(JsonValueKind.Number, got.GetProperty("start_time").ValueKind);
        Assert.Equal(JsonValueKind.Number, got.GetProperty("workspace_id").ValueKind);
        Assert.Equal(0, got.GetProperty("num_workers").GetInt32());
        Assert.Equal("RUNNING", got.GetProperty("state").GetString());
        Assert.Equal("data", got.GetProperty("custom_tags").GetProperty("team").GetString());
        Assert.Equal(clusterId, got.GetProperty("default_tags").GetProperty("ClusterId").GetString());
        Assert.False(got.TryGetProperty("executors", out _));
        var list = await Expect.RestOkAsync(await http.GetAsync(root + "/list"));
        Assert.Contains(list.GetProperty("clusters").EnumerateArray(), c => c.GetProperty("cluster_id").GetString() == clusterId);

        // Events page as Databricks pages them: next_page is the request for the rest.
        var page = await Expect.RestOkAsync(await http.PostAsJsonAsync(root + "/events", new { cluster_id = clusterId, order = "ASC", limit = 1 }));
        Assert.Equal("CREATING", page.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.True(page.GetProperty("total_count").GetInt64() >= 2);
        var next = page.GetProperty("next_page");
        Assert.Equal(1, next.GetProperty("offset").GetInt64());
        var second = await Expect.RestOkAsync(await http.PostAsync(root + "/events", new StringContent(next.GetRawText(), Encoding.UTF8, "application/json")));
        Assert.Equal("RUNNING", second.GetProperty("events")[0].GetProperty("type").GetString());

        await Expect.RestOkAsync(await http.PostAsJsonAsync(root + "/delete", new { cluster_id = clusterId }));
        await daemon.WaitForStateAsync(clusterId, "TERMINATED");
        var conflict = await http.PostAsJsonAsync(root + "/resize", new { cluster_id = clusterId, num_workers = 2 });
        Assert.Contains("TERMINATED", await Expect.RestErrorAsync(conflict, HttpStatusCode.Conflict, "RESOURCE_CONFLICT"), StringComparison.Ordinal);
        await Expect.RestOkAsync(await http.PostAsJsonAsync(root + "/permanent-delete", new { cluster_id = clusterId }));
        await Expect.RestErrorAsync(await http.GetAsync(root + "/get?cluster_id=" + clusterId), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task CreateRetriedWithItsRequestId_MakesOneCluster_AndIsAudited()
    {
        var request = daemon.NewCluster(numWorkers: 0);
        var first = await daemon.Clusters.CreateClusterAsync(request);
        var retry = await daemon.Clusters.CreateClusterAsync(request);
        Assert.Equal(first.ClusterId, retry.ClusterId);
        var reused = request.Clone();
        reused.NumWorkers = 1;
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "request_id", () => daemon.Clusters.CreateClusterAsync(reused));
        Assert.Single((await daemon.Clusters.ListClustersAsync(new ListClustersRequest { WorkspaceId = daemon.WorkspaceId })).Clusters, c => c.ClusterName == request.ClusterName);

        var audit = await daemon.Lakeplane.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { Limit = 1000 });
        Assert.Single(audit.Entries, e => e.Action == "cluster.create" && e.ObjectId == first.ClusterId);

        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = first.ClusterId, RequestId = Unique.RequestId() });
        await daemon.WaitForStateAsync(first.ClusterId, "TERMINATED");
    }

    [Fact]
    public async Task EditWithAStaleVersion_IsAConflict_AndANewSizeResizesInPlace()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 0));
        var running = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var edit = new EditClusterRequest
        {
            WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId, ClusterName = running.ClusterName, SparkVersion = running.SparkVersion,
            NodeTypeId = running.NodeTypeId, NumWorkers = 1, ExpectedVersion = created.Version,
        };
        await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "expected_version", () => daemon.Clusters.EditClusterAsync(edit));

        edit.ExpectedVersion = running.Version;
        var edited = await daemon.Clusters.EditClusterAsync(edit);
        Assert.Equal("RESIZING", edited.State);
        var resized = await daemon.WaitForAsync(created.ClusterId, c => c.State == "RUNNING" && c.Executors.Count == 1, what: "1 worker");
        Assert.Equal(running.Driver.NodeId, resized.Driver.NodeId);

        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        await daemon.WaitForStateAsync(created.ClusterId, "TERMINATED");
    }

    [Fact]
    public async Task DeletingTheWorkspace_TerminatesItsClustersNodes()
    {
        var workspace = await Fixtures.SettledAsync(daemon.Lakeplane, (await Fixtures.WorkspaceAsync(daemon.Lakeplane)).WorkspaceId);
        var request = daemon.NewCluster(numWorkers: 1);
        request.WorkspaceId = workspace.WorkspaceId;
        var created = await daemon.Clusters.CreateClusterAsync(request);
        await daemon.WaitForProcessesAsync(created.ClusterId, 2);

        await daemon.Lakeplane.Account.DeleteWorkspaceAsync(new DeleteWorkspaceRequest { WorkspaceId = workspace.WorkspaceId });

        await daemon.WaitForProcessesAsync(created.ClusterId, 0);
        var audit = await daemon.Lakeplane.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Action == "cluster.permanent_delete" && e.ObjectId == created.ClusterId);
    }

    [Fact]
    public async Task TokenOfAnotherWorkspace_CannotSeeOrTouchTheCluster()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 0));
        var other = await Fixtures.SettledAsync(daemon.Lakeplane, (await Fixtures.WorkspaceAsync(daemon.Lakeplane)).WorkspaceId);
        var otherToken = (await Fixtures.WorkspaceTokenAsync(daemon.Lakeplane, other.WorkspaceId)).TokenValue;
        using var otherClient = daemon.Connect(otherToken);

        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => otherClient.Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId }));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "cluster_id",
            () => otherClient.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = other.WorkspaceId, ClusterId = created.ClusterId }));

        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = created.ClusterId });
        await daemon.WaitForStateAsync(created.ClusterId, "TERMINATED");
    }
}
