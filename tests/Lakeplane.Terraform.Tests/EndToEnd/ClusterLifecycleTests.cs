using System.Diagnostics;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// lakeplane_cluster with the real terraform CLI, the real provider and a real lakeplaned whose
/// local compute driver runs every node as a node agent process: the processes are counted from
/// /proc as an operator would count them with ps. Apply, an empty plan, a resize in place (the
/// driver process survives it), a runtime change that restarts (the plan warns, the driver is a
/// new process), import by cluster id, auto-termination that changes nothing in the plan,
/// keep_running starting the cluster again, and destroy leaving no process behind.
/// </summary>
public sealed class ClusterLifecycleTests(ClusterDaemonFixture fixture) : IClassFixture<ClusterDaemonFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private async Task<long> RunningWorkspaceAsync(string prefix)
    {
        var credentials = await _outOfBand.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await _outOfBand.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var workspace = await _outOfBand.CreateRunningWorkspaceAsync(
            $"{prefix}-workspace", credentials.CredentialsId, storage.StorageConfigurationId, networkId: "", new Dictionary<string, string>());
        return workspace.WorkspaceId;
    }

    /// <param name="spark">The Apache Spark version the runtime is picked by: "3.5" is 16.4 LTS, "3.4" is 13.3 LTS.</param>
    private static string Config(long workspaceId, string prefix, int numWorkers, string spark = "3.5", int autoterminationMinutes = 0, bool keepRunning = false) => $$"""
        provider "lakeplane" {}

        data "lakeplane_spark_versions" "lts" {
          workspace_id      = {{workspaceId}}
          long_term_support = true
          spark_version     = "{{spark}}"
        }

        data "lakeplane_node_types" "smallest" {
          workspace_id = {{workspaceId}}
          min_cores    = 2
        }

        resource "lakeplane_cluster" "this" {
          workspace_id            = {{workspaceId}}
          cluster_name            = "{{prefix}}-etl"
          spark_version           = data.lakeplane_spark_versions.lts.id
          node_type_id            = data.lakeplane_node_types.smallest.id
          num_workers             = {{numWorkers}}
          autotermination_minutes = {{autoterminationMinutes}}
          keep_running            = {{(keepRunning ? "true" : "false")}}

          # No timeouts block: an imported cluster has none in state, and the import must plan empty.
          spark_env_vars = {
            STAGE = "e2e"
          }
        }

        data "lakeplane_cluster" "by_name" {
          workspace_id = {{workspaceId}}
          cluster_name = lakeplane_cluster.this.cluster_name
        }

        output "cluster_id" {
          value = lakeplane_cluster.this.cluster_id
        }
        output "runtime" {
          value = lakeplane_cluster.this.spark_version
        }
        output "data_source_workers" {
          value = data.lakeplane_cluster.by_name.num_workers
        }
        """;

    [Fact]
    public async Task Apply_resize_in_place_restart_import_auto_termination_keep_running_and_destroy()
    {
        var prefix = OutOfBand.UniquePrefix("cluster");
        var workspaceId = await RunningWorkspaceAsync(prefix);
        using var terraform = new TerraformDirectory("cluster-lifecycle", fixture.Daemon.Environment);

        // apply: RUNNING when apply returns, with a driver and one worker process; then nothing to do
        terraform.WriteMain(Config(workspaceId, prefix, numWorkers: 1));
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 1 added, 0 changed, 0 destroyed.");
        var outputs = await terraform.OutputsAsync();
        var clusterId = outputs.GetProperty("cluster_id").GetProperty("value").GetString()!;
        Assert.Equal("RUNNING", await StateInTerraformAsync(terraform));
        Assert.Equal("16.4.x-scala2.12", outputs.GetProperty("runtime").GetProperty("value").GetString());
        Assert.Equal(1, outputs.GetProperty("data_source_workers").GetProperty("value").GetInt32());
        Assert.Equal(["driver", "worker"], Roles(clusterId));
        await terraform.ExpectEmptyPlanAsync();

        // resize 1 → 2: in place, no restart warning; the driver process is the same one after it
        var driver = Driver(clusterId);
        terraform.WriteMain(Config(workspaceId, prefix, numWorkers: 2));
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_cluster.this will be updated in-place")
            .ExpectOutput("1 -> 2")
            .ExpectNoOutput("Cluster restarts")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        Assert.Equal(["driver", "worker", "worker"], Roles(clusterId));
        Assert.Equal(driver, Driver(clusterId));
        await terraform.ExpectEmptyPlanAsync();
        Assert.Equal(2, (await terraform.OutputsAsync()).GetProperty("data_source_workers").GetProperty("value").GetInt32());

        // another runtime: in place, but the plan warns that the running cluster restarts, and it does
        terraform.WriteMain(Config(workspaceId, prefix, numWorkers: 2, spark: "3.4"));
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_cluster.this will be updated in-place")
            .ExpectOutput("Warning: Cluster restarts")
            .ExpectOutput("Changing spark_version restarts the running cluster")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        await WaitUntilAsync(() => Task.FromResult(Roles(clusterId).SequenceEqual(["driver", "worker", "worker"])), "the restarted cluster's old nodes to exit");
        Assert.NotEqual(driver, Driver(clusterId));
        Assert.Equal("13.3.x-scala2.12", (await _outOfBand.GetClusterAsync(workspaceId, clusterId))!.SparkVersion);
        await terraform.ExpectEmptyPlanAsync();

        // import by the cluster id alone (the account's workspaces are searched), then nothing to do
        (await terraform.RunAsync("state", "rm", "lakeplane_cluster.this")).Expect(0);
        (await terraform.RunAsync("import", "lakeplane_cluster.this", clusterId)).Expect(0).ExpectOutput("Import successful!");
        await terraform.ExpectEmptyPlanAsync();

        // auto-termination (10 "minutes" of this daemon's short minute) stops the cluster: the plan
        // has nothing to do, and the cluster stays TERMINATED, in state too
        terraform.WriteMain(Config(workspaceId, prefix, numWorkers: 2, spark: "3.4", autoterminationMinutes: 10));
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        await WaitUntilAsync(async () => (await _outOfBand.GetClusterAsync(workspaceId, clusterId))?.State == "TERMINATED", "the idle cluster to auto-terminate");
        await WaitUntilAsync(() => Task.FromResult(NodeProcesses.OfCluster(clusterId).Count == 0), "the terminated cluster's node processes to exit");
        await terraform.ExpectEmptyPlanAsync();
        (await terraform.RunAsync("apply", "-refresh-only", "-auto-approve")).Expect(0).ExpectOutput("\"RUNNING\" -> \"TERMINATED\"");
        Assert.Equal("TERMINATED", await StateInTerraformAsync(terraform));
        Assert.Equal("INACTIVITY", (await _outOfBand.GetClusterAsync(workspaceId, clusterId))!.TerminationReason.Code);
        await terraform.ExpectEmptyPlanAsync();

        // keep_running: the plan starts the terminated cluster again, in place
        terraform.WriteMain(Config(workspaceId, prefix, numWorkers: 2, spark: "3.4", keepRunning: true));
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_cluster.this will be updated in-place")
            .ExpectOutput("\"TERMINATED\" -> \"RUNNING\"")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        Assert.Equal("RUNNING", await StateInTerraformAsync(terraform));
        Assert.Equal(["driver", "worker", "worker"], Roles(clusterId));
        await terraform.ExpectEmptyPlanAsync();

        // destroy: terminated, every node process gone by the time terraform returns, and deleted for good
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 1 destroyed.");
        Assert.Empty(NodeProcesses.OfCluster(clusterId));
        Assert.Null(await _outOfBand.GetClusterAsync(workspaceId, clusterId));
    }

    [Fact]
    public async Task A_node_type_the_workspace_lacks_is_refused_on_its_line_and_nothing_is_created()
    {
        var prefix = OutOfBand.UniquePrefix("badnode");
        var workspaceId = await RunningWorkspaceAsync(prefix);
        using var terraform = new TerraformDirectory("cluster-bad-node", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_cluster" "this" {
              workspace_id  = {{workspaceId}}
              cluster_name  = "{{prefix}}-etl"
              spark_version = "15.4.x-scala2.12"
              node_type_id  = "m9.huge"
            }
            """);

        (await terraform.ApplyAsync()).Expect(1)
            .ExpectDiagnostic("Invalid node_type_id", "node_type_id  = \"m9.huge\"", "is not a node type of this workspace");
        Assert.Null(await terraform.StateOfAsync("lakeplane_cluster.this"));
        var clusters = await fixture.Daemon.Client.Clusters.ListClustersAsync(new Lakeplane.Protos.V1.ListClustersRequest
        {
            AccountId = fixture.Daemon.Environment["LAKEPLANE_ACCOUNT_ID"], WorkspaceId = workspaceId,
        });
        Assert.Empty(clusters.Clusters);
    }

    [Fact]
    public async Task Autotermination_under_ten_minutes_and_a_size_given_twice_are_refused_at_validate()
    {
        using var terraform = new TerraformDirectory("cluster-validate", lakeplane: null);
        terraform.WriteMain("""
            resource "lakeplane_cluster" "this" {
              workspace_id            = 1
              cluster_name            = "etl"
              spark_version           = "15.4.x-scala2.12"
              node_type_id            = "m5.large"
              num_workers             = 2
              autotermination_minutes = 5

              autoscale {
                min_workers = 1
                max_workers = 3
              }
            }
            """);

        (await terraform.RunAsync("validate")).Expect(1)
            .ExpectDiagnostic("Invalid autotermination_minutes", "autotermination_minutes = 5", "must be 0 to turn it off, or a whole number from 10 to 10000")
            // A finding about a block (autoscale) is shown by terraform at the resource's first line.
            .ExpectDiagnostic("Conflicting cluster size", "resource \"lakeplane_cluster\" \"this\" {", "not both");
    }

    /// <summary>The cluster's state as terraform's state file holds it.</summary>
    private static async Task<string?> StateInTerraformAsync(TerraformDirectory terraform) =>
        (await terraform.StateOfAsync("lakeplane_cluster.this"))?.GetProperty("values").GetProperty("state").GetString();

    private static string[] Roles(string clusterId) => NodeProcesses.OfCluster(clusterId).Select(n => n.Role).Order(StringComparer.Ordinal).ToArray();

    private static int Driver(string clusterId) => NodeProcesses.OfCluster(clusterId).Single(n => n.Role == "driver").Pid;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Patience, $"gave up waiting {Patience.TotalSeconds:0}s for {what}");
            await Task.Delay(100);
        }
    }
}
