using Lakeplane.Protos.V1;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// lakeplane_job with the real terraform CLI, the real provider and a real lakeplaned whose local compute runs node
/// agent processes: a scheduled job of three tasks (a workspace file run by python3, then a shell command, then one on a job
/// cluster made for the run and deleted after it) applies,
/// runs through run-now with its output captured, plans empty (also after the task order and defaults round-trip),
/// changes in place, imports by job id to an empty plan, reads through the data source, and is destroyed.
/// </summary>
public sealed class JobLifecycleTests(ClusterDaemonFixture fixture) : IClassFixture<ClusterDaemonFixture>
{
    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private static string Config(long workspaceId, string prefix, string cron, string pause = "UNPAUSED") => $$"""
        resource "lakeplane_cluster" "shared" {
          workspace_id            = {{workspaceId}}
          cluster_name            = "{{prefix}}-shared"
          spark_version           = "15.4.x-scala2.12"
          node_type_id            = "m5.large"
          autotermination_minutes = 0
        }

        resource "lakeplane_workspace_file" "etl" {
          workspace_id   = {{workspaceId}}
          path           = "/Shared/{{prefix}}/etl.py"
          content_base64 = base64encode("import sys\nprint('etl', *sys.argv[1:])\n")
        }

        resource "lakeplane_job" "nightly" {
          workspace_id = {{workspaceId}}
          name         = "{{prefix}}-nightly"

          schedule {
            quartz_cron_expression = "{{cron}}"
            timezone_id            = "Europe/Amsterdam"
            pause_status           = "{{pause}}"
          }

          # Written before the task it depends on: the order written is the order kept.
          task {
            task_key            = "report"
            existing_cluster_id = lakeplane_cluster.shared.cluster_id
            depends_on {
              task_key = "etl"
            }
            command_task {
              command = "echo report for $REGION"
              env     = { REGION = "eu" }
            }
          }

          task {
            task_key            = "etl"
            existing_cluster_id = lakeplane_cluster.shared.cluster_id
            max_retries         = 1
            spark_python_task {
              python_file = lakeplane_workspace_file.etl.path
              parameters  = ["--day", "monday"]
            }
          }

          # A cluster made for each run, deleted after it.
          job_cluster {
            job_cluster_key = "per-run"
            new_cluster {
              spark_version = "15.4.x-scala2.12"
              node_type_id  = "m5.large"
              num_workers   = 0
            }
          }

          task {
            task_key        = "notify"
            job_cluster_key = "per-run"
            depends_on {
              task_key = "report"
            }
            command_task {
              command = "echo notified"
            }
          }
        }

        data "lakeplane_job" "by_name" {
          workspace_id = {{workspaceId}}
          name         = lakeplane_job.nightly.name
        }

        output "job_id" {
          value = lakeplane_job.nightly.job_id
        }
        output "task_keys" {
          value = data.lakeplane_job.by_name.task_keys
        }
        """;

    [Fact]
    public async Task Apply_run_now_empty_plan_update_import_data_source_and_destroy()
    {
        var prefix = OutOfBand.UniquePrefix("job");
        var credentials = await _outOfBand.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await _outOfBand.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var workspaceId = (await _outOfBand.CreateRunningWorkspaceAsync($"{prefix}-workspace", credentials.CredentialsId, storage.StorageConfigurationId, "",
            new Dictionary<string, string>())).WorkspaceId;
        using var terraform = new TerraformDirectory("job-lifecycle", fixture.Daemon.Environment);

        terraform.WriteMain(Config(workspaceId, prefix, "0 30 2 * * ?"));
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 3 added, 0 changed, 0 destroyed.");
        var outputs = await terraform.OutputsAsync();
        var jobId = long.Parse(outputs.GetProperty("job_id").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["report", "etl", "notify"], outputs.GetProperty("task_keys").GetProperty("value").EnumerateArray().Select(k => k.GetString()));
        await terraform.ExpectEmptyPlanAsync();

        // run-now: the DAG runs etl (the workspace file, by python3) before report, outputs captured
        var jobs = fixture.Daemon.Client.Jobs;
        var runId = (await jobs.RunNowAsync(new RunNowRequest { WorkspaceId = workspaceId, JobId = jobId })).RunId;
        var run = await WaitForFinalRunAsync(workspaceId, runId);
        Assert.Equal("SUCCESS", run.State.ResultState);
        var etl = run.Tasks.Single(t => t.TaskKey == "etl");
        Assert.Equal("etl --day monday\n", (await jobs.GetRunOutputAsync(new GetRunOutputRequest { WorkspaceId = workspaceId, RunId = etl.RunId })).Logs);
        var report = run.Tasks.Single(t => t.TaskKey == "report");
        Assert.True(etl.EndTime <= report.StartTime);
        Assert.Equal("report for eu\n", (await jobs.GetRunOutputAsync(new GetRunOutputRequest { WorkspaceId = workspaceId, RunId = report.RunId })).Logs);
        var notify = run.Tasks.Single(t => t.TaskKey == "notify");
        Assert.Equal("notified\n", (await jobs.GetRunOutputAsync(new GetRunOutputRequest { WorkspaceId = workspaceId, RunId = notify.RunId })).Logs);
        var jobClusterId = run.JobClusterIds["per-run"];
        Assert.Equal(jobClusterId, notify.ClusterInstance.ClusterId);
        var listed = await fixture.Daemon.Client.Clusters.ListClustersAsync(new ListClustersRequest { WorkspaceId = workspaceId });
        Assert.DoesNotContain(listed.Clusters, c => c.ClusterId == jobClusterId);

        // a schedule change is in place
        terraform.WriteMain(Config(workspaceId, prefix, "0 45 3 * * ?", pause: "PAUSED"));
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_job.nightly will be updated in-place")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        var job = await jobs.GetJobAsync(new GetJobRequest { WorkspaceId = workspaceId, JobId = jobId });
        Assert.Equal("PAUSED", job.Settings.Schedule.PauseStatus);
        await terraform.ExpectEmptyPlanAsync();

        // import by the job id alone, then nothing to do
        (await terraform.RunAsync("state", "rm", "lakeplane_job.nightly")).Expect(0);
        (await terraform.RunAsync("import", "lakeplane_job.nightly", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Expect(0).ExpectOutput("Import successful!");
        await terraform.ExpectEmptyPlanAsync();

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 3 destroyed.");
        Assert.Null(await GetJobOrNullAsync(workspaceId, jobId));
    }

    [Fact]
    public async Task A_dependency_on_an_unknown_task_and_a_bad_cron_expression_are_refused_on_their_lines()
    {
        using var terraform = new TerraformDirectory("job-validate", fixture.Daemon.Environment);
        terraform.WriteMain("""
            resource "lakeplane_job" "bad" {
              workspace_id = 1
              task {
                task_key            = "a"
                existing_cluster_id = "c"
                depends_on {
                  task_key = "missing"
                }
                command_task {
                  command = "true"
                }
              }
            }
            """);
        (await terraform.RunAsync("validate")).Expect(1)
            .ExpectDiagnostic("Unknown dependency", "task_key = \"missing\"", "no task of this job has");
    }

    private async Task<Run> WaitForFinalRunAsync(long workspaceId, long runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var run = await fixture.Daemon.Client.Jobs.GetRunAsync(new GetRunRequest { WorkspaceId = workspaceId, RunId = runId });
            if (run.State.LifeCycleState is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR")
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} is still {run.State}");
            await Task.Delay(100);
        }
    }

    private async Task<Job?> GetJobOrNullAsync(long workspaceId, long jobId)
    {
        try
        {
            return await fixture.Daemon.Client.Jobs.GetJobAsync(new GetJobRequest { WorkspaceId = workspaceId, JobId = jobId });
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }
}
