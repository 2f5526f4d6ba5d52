using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Lakeplane.Protos.V1;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// lakeplane_workspace_file and lakeplane_notebook with the real terraform CLI and a real lakeplaned: apply from a local
/// source file and inline content, an empty plan, a local edit and an out-of-band change in the workspace both planned
/// as md5 drift and re-imported in place, import by path and by "&lt;workspace_id&gt;/&lt;path&gt;", a missing source
/// file as a diagnostic on source, and destroy removing the objects.
/// </summary>
public sealed class WorkspaceFileLifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private WorkspaceObjectsService.WorkspaceObjectsServiceClient Objects => fixture.Daemon.Client.WorkspaceObjects;

    private static string Config(long workspaceId, string dir, string source = "etl.py") => $$"""
        provider "lakeplane" {}

        resource "lakeplane_workspace_file" "etl" {
          workspace_id = {{workspaceId}}
          path         = "{{dir}}/jobs/etl.py"
          source       = "${path.module}/{{source}}"
        }

        resource "lakeplane_notebook" "report" {
          workspace_id = {{workspaceId}}
          path         = "{{dir}}/reports/daily"
          source       = "${path.module}/daily.sql"
        }

        resource "lakeplane_notebook" "hello" {
          workspace_id   = {{workspaceId}}
          path           = "{{dir}}/hello"
          language       = "PYTHON"
          content_base64 = base64encode("# Databricks notebook source\nprint('hello')\n")
        }

        output "etl_md5" {
          value = lakeplane_workspace_file.etl.md5
        }
        output "report_language" {
          value = lakeplane_notebook.report.language
        }
        """;

    [Fact]
    public async Task Apply_plan_empty_local_edit_and_out_of_band_change_as_drift_import_and_destroy()
    {
        var prefix = OutOfBand.UniquePrefix("wsfile");
        var workspaceId = await RunningWorkspaceAsync(prefix);
        var dir = "/Shared/" + prefix;
        using var terraform = new TerraformDirectory("workspace-file-lifecycle", fixture.Daemon.Environment);
        terraform.WriteFile("etl.py", "print('version 1')\n");
        terraform.WriteFile("daily.sql", "-- Databricks notebook source\nSELECT current_date()\n");
        terraform.WriteMain(Config(workspaceId, dir));

        // apply: parents made, content imported, md5 and language as planned; then nothing to do
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 3 added, 0 changed, 0 destroyed.");
        Assert.Equal(Md5("print('version 1')\n"), (await terraform.OutputsAsync()).GetProperty("etl_md5").GetProperty("value").GetString());
        Assert.Equal("SQL", (await terraform.OutputsAsync()).GetProperty("report_language").GetProperty("value").GetString());
        Assert.Equal("print('version 1')\n", await ExportAsync(workspaceId, dir + "/jobs/etl.py"));
        Assert.Equal("NOTEBOOK", (await StatusAsync(workspaceId, dir + "/hello"))!.ObjectType);
        Assert.Equal("DIRECTORY", (await StatusAsync(workspaceId, dir + "/jobs"))!.ObjectType);
        await terraform.ExpectEmptyPlanAsync();

        // the local file edited: the plan sees it (md5), apply re-imports in place, keeping the object id
        var objectId = (await StatusAsync(workspaceId, dir + "/jobs/etl.py"))!.ObjectId;
        terraform.WriteFile("etl.py", "print('version 2')\n");
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_workspace_file.etl will be updated in-place")
            .ExpectOutput($"\"{Md5("print('version 1')\n")}\" -> \"{Md5("print('version 2')\n")}\"")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        Assert.Equal("print('version 2')\n", await ExportAsync(workspaceId, dir + "/jobs/etl.py"));
        Assert.Equal(objectId, (await StatusAsync(workspaceId, dir + "/jobs/etl.py"))!.ObjectId);
        await terraform.ExpectEmptyPlanAsync();

        // changed in the workspace behind terraform's back: drift in md5, and apply puts the configured content back
        await Objects.ImportObjectAsync(new ImportWorkspaceObjectRequest
        {
            AccountId = fixture.Daemon.Client.AccountId, WorkspaceId = workspaceId, Path = dir + "/reports/daily", Format = "SOURCE", Language = "SQL",
            Content = ByteString.CopyFromUtf8("-- Databricks notebook source\nDROP TABLE important\n"), Overwrite = true,
        });
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_notebook.report will be updated in-place")
            .ExpectOutput($"\"{Md5("-- Databricks notebook source\nDROP TABLE important\n")}\" -> \"{Md5("-- Databricks notebook source\nSELECT current_date()\n")}\"")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        Assert.Equal("-- Databricks notebook source\nSELECT current_date()\n", await ExportAsync(workspaceId, dir + "/reports/daily"));
        await terraform.ExpectEmptyPlanAsync();

        // import: by path alone (the account's workspaces are searched) and by "<workspace_id>/<path>". The content's origin is
        // only in the configuration, so the first apply after import records it, changing nothing in the workspace.
        (await terraform.RunAsync("state", "rm", "lakeplane_workspace_file.etl", "lakeplane_notebook.report")).Expect(0);
        (await terraform.RunAsync("import", "lakeplane_workspace_file.etl", dir + "/jobs/etl.py")).Expect(0).ExpectOutput("Import successful!");
        (await terraform.RunAsync("import", "lakeplane_notebook.report", $"{workspaceId}{dir}/reports/daily")).Expect(0).ExpectOutput("Import successful!");
        var imported = await terraform.StateOfAsync("lakeplane_workspace_file.etl");
        Assert.Equal(Md5("print('version 2')\n"), imported!.Value.GetProperty("values").GetProperty("md5").GetString());
        var version = (await StatusAsync(workspaceId, dir + "/jobs/etl.py"))!.Version;
        (await terraform.PlanAsync()).Expect(2).ExpectOutput("Plan: 0 to add, 2 to change, 0 to destroy.").ExpectNoOutput("md5");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 2 changed, 0 destroyed.");
        Assert.Equal(version, (await StatusAsync(workspaceId, dir + "/jobs/etl.py"))!.Version);
        await terraform.ExpectEmptyPlanAsync();

        // a source file that is not there: a diagnostic on source, nothing changed
        terraform.WriteMain(Config(workspaceId, dir, source: "missing.py"));
        (await terraform.PlanAsync()).Expect(1).ExpectOutput("Cannot read source file").ExpectOutput("missing.py");

        // destroy removes the objects (the directories import made stay, as in Databricks)
        terraform.WriteMain(Config(workspaceId, dir));
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 3 destroyed.");
        Assert.Null(await StatusAsync(workspaceId, dir + "/jobs/etl.py"));
        Assert.Null(await StatusAsync(workspaceId, dir + "/reports/daily"));
        Assert.Null(await StatusAsync(workspaceId, dir + "/hello"));
        Assert.Equal("DIRECTORY", (await StatusAsync(workspaceId, dir + "/jobs"))!.ObjectType);
    }

    private async Task<long> RunningWorkspaceAsync(string prefix)
    {
        var credentials = await _outOfBand.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await _outOfBand.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var workspace = await _outOfBand.CreateRunningWorkspaceAsync(
            $"{prefix}-workspace", credentials.CredentialsId, storage.StorageConfigurationId, networkId: "", new Dictionary<string, string>());
        return workspace.WorkspaceId;
    }

    private async Task<string> ExportAsync(long workspaceId, string path) =>
        (await Objects.ExportObjectAsync(new ExportWorkspaceObjectRequest { AccountId = fixture.Daemon.Client.AccountId, WorkspaceId = workspaceId, Path = path }))
        .Content.ToStringUtf8();

    private async Task<WorkspaceObjectInfo?> StatusAsync(long workspaceId, string path)
    {
        try
        {
            return await Objects.GetObjectStatusAsync(new GetWorkspaceObjectStatusRequest { AccountId = fixture.Daemon.Client.AccountId, WorkspaceId = workspaceId, Path = path });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
