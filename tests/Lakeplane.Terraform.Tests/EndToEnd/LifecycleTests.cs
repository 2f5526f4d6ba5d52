using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// The whole user path with the real terraform CLI, the real provider and a real lakeplaned:
/// apply a full account (credentials, storage, networks, workspace, token, data sources), an
/// empty plan after it, drift made through the daemon's API, a replacement, and destroy.
/// Several resources per configuration: terraform starts the provider 3–5 times per command.
/// </summary>
public sealed class LifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private static string Stack(string prefix, string spareBucket, string workspaceCredentials = "this") => $$"""
        provider "lakeplane" {}

        resource "lakeplane_credentials" "this" {
          credentials_name = "{{prefix}}-credentials"
          role_arn         = "arn:aws:iam::123456789012:role/{{prefix}}-crossaccount"
        }

        resource "lakeplane_credentials" "rotated" {
          credentials_name = "{{prefix}}-rotated"
          role_arn         = "arn:aws:iam::123456789012:role/{{prefix}}-rotated"
        }

        resource "lakeplane_storage_configuration" "this" {
          storage_configuration_name = "{{prefix}}-storage"
          bucket_name                = "{{prefix}}-root"
        }

        resource "lakeplane_storage_configuration" "spare" {
          storage_configuration_name = "{{prefix}}-spare-storage"
          bucket_name                = "{{spareBucket}}"
        }

        resource "lakeplane_network" "this" {
          network_name       = "{{prefix}}-network"
          vpc_id             = "vpc-0a1b2c3d4e5f60718"
          # Not in sorted order: a set, so the daemon's order must never show as a change.
          subnet_ids         = ["subnet-1a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718"]
          security_group_ids = ["sg-0a1b2c3d4e5f60718"]
        }

        resource "lakeplane_network" "spare" {
          network_name       = "{{prefix}}-spare-network"
          vpc_id             = "vpc-1a1b2c3d"
          subnet_ids         = ["subnet-2a1b2c3d", "subnet-3a1b2c3d"]
          security_group_ids = ["sg-2a1b2c3d", "sg-1a1b2c3d"]
        }

        resource "lakeplane_workspace" "this" {
          workspace_name           = "{{prefix}}-workspace"
          aws_region               = "us-east-1"
          credentials_id           = lakeplane_credentials.{{workspaceCredentials}}.credentials_id
          storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
          network_id               = lakeplane_network.this.network_id
          custom_tags = {
            team = "platform"
          }

          timeouts {
            create = "5m"
          }
        }

        resource "lakeplane_token" "ci" {
          workspace_id     = lakeplane_workspace.this.workspace_id
          comment          = "{{prefix}} ci"
          lifetime_seconds = 3600
        }

        data "lakeplane_workspace" "by_name" {
          workspace_name = lakeplane_workspace.this.workspace_name
        }

        data "lakeplane_workspace" "by_id" {
          workspace_id = lakeplane_workspace.this.workspace_id
        }

        data "lakeplane_current_user" "me" {}

        output "workspace_id" {
          value = lakeplane_workspace.this.workspace_id
        }
        output "workspace_status" {
          value = lakeplane_workspace.this.workspace_status
        }
        output "workspace_url" {
          value = lakeplane_workspace.this.workspace_url
        }
        output "url_from_data_source" {
          value = data.lakeplane_workspace.by_name.workspace_url
        }
        output "name_from_data_source" {
          value = data.lakeplane_workspace.by_id.workspace_name
        }
        output "tags_from_data_source" {
          value = data.lakeplane_workspace.by_id.custom_tags
        }
        output "rotated_credentials_id" {
          value = lakeplane_credentials.rotated.credentials_id
        }
        output "external_id" {
          value = lakeplane_credentials.this.external_id
        }
        output "user_name" {
          value = data.lakeplane_current_user.me.user_name
        }
        output "spare_network_id" {
          value = lakeplane_network.spare.network_id
        }
        output "token" {
          value     = lakeplane_token.ci.token_value
          sensitive = true
        }
        """;

    [Fact]
    public async Task Apply_plan_empty_drift_replacement_and_destroy()
    {
        var prefix = OutOfBand.UniquePrefix("life");
        using var terraform = new TerraformDirectory("lifecycle", fixture.Daemon.Environment);
        terraform.WriteMain(Stack(prefix, $"{prefix}-spare-a"));

        // apply, then nothing left to do
        var apply = (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 8 added, 0 changed, 0 destroyed.");
        var outputs = await terraform.OutputsAsync();
        Assert.Equal("RUNNING", outputs.GetProperty("workspace_status").GetProperty("value").GetString());
        var url = outputs.GetProperty("workspace_url").GetProperty("value").GetString();
        Assert.False(string.IsNullOrEmpty(url));
        Assert.Equal(url, outputs.GetProperty("url_from_data_source").GetProperty("value").GetString());
        Assert.Equal($"{prefix}-workspace", outputs.GetProperty("name_from_data_source").GetProperty("value").GetString());
        Assert.Equal("platform", outputs.GetProperty("tags_from_data_source").GetProperty("value").GetProperty("team").GetString());
        Assert.Equal(fixture.Daemon.Environment["LAKEPLANE_ACCOUNT_ID"], outputs.GetProperty("external_id").GetProperty("value").GetString());
        Assert.False(string.IsNullOrEmpty(outputs.GetProperty("user_name").GetProperty("value").GetString()));
        var secret = outputs.GetProperty("token").GetProperty("value").GetString();
        Assert.False(string.IsNullOrEmpty(secret));
        apply.ExpectNoOutput(secret!);
        await terraform.ExpectEmptyPlanAsync();

        // drift: tags edited and a network deleted behind terraform's back
        var workspaceId = outputs.GetProperty("workspace_id").GetProperty("value").GetInt64();
        await _outOfBand.SetWorkspaceTagsAsync(workspaceId, new Dictionary<string, string> { ["team"] = "data" });
        await _outOfBand.DeleteNetworkAsync(outputs.GetProperty("spare_network_id").GetProperty("value").GetString()!);
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_workspace.this will be updated in-place")
            .ExpectOutput("\"team\" = \"data\" -> \"platform\"")
            .ExpectOutput("# lakeplane_network.spare will be created")
            .ExpectOutput("Plan: 1 to add, 1 to change, 0 to destroy.");

        // an argument the API cannot change in place: replacement, and the plan says why;
        // the workspace's credentials can change in place, together with the drifted tags
        terraform.WriteMain(Stack(prefix, $"{prefix}-spare-b", workspaceCredentials: "rotated"));
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_storage_configuration.spare must be replaced")
            .ExpectOutput("# forces replacement")
            .ExpectOutput("# lakeplane_workspace.this will be updated in-place")
            .ExpectOutput("Plan: 2 to add, 1 to change, 1 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 2 added, 1 changed, 1 destroyed.").ExpectNoOutput(secret!);
        await terraform.ExpectEmptyPlanAsync();
        var repaired = await _outOfBand.GetWorkspaceAsync(workspaceId);
        Assert.Equal("platform", repaired!.CustomTags["team"]);
        Assert.Equal(outputs.GetProperty("rotated_credentials_id").GetProperty("value").GetString(), repaired.CredentialsId);
        Assert.Equal("RUNNING", repaired.WorkspaceStatus);

        // destroy removes every object from the daemon
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 8 destroyed.");
        Assert.Null(await _outOfBand.GetWorkspaceAsync(workspaceId));
        Assert.DoesNotContain(await _outOfBand.NamesInAccountAsync(), name => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workspace_not_running_within_its_timeout_stays_in_state_tainted()
    {
        var prefix = OutOfBand.UniquePrefix("slow");
        using var terraform = new TerraformDirectory("timeout", fixture.Daemon.Environment);
        string Config(string createTimeout) => $$"""
            resource "lakeplane_credentials" "this" {
              credentials_name = "{{prefix}}-credentials"
              role_arn         = "arn:aws:iam::123456789012:role/{{prefix}}"
            }

            resource "lakeplane_storage_configuration" "this" {
              storage_configuration_name = "{{prefix}}-storage"
              bucket_name                = "{{prefix}}-root"
            }

            resource "lakeplane_workspace" "this" {
              workspace_name           = "{{prefix}}-workspace"
              aws_region               = "eu-west-1"
              credentials_id           = lakeplane_credentials.this.credentials_id
              storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id

              timeouts {
                create = "{{createTimeout}}"
              }
            }
            """;

        // The daemon keeps a workspace PROVISIONING for two seconds (DaemonFixture); 100ms is not enough.
        terraform.WriteMain(Config("100ms"));
        (await terraform.ApplyAsync()).Expect(1)
            .ExpectOutput("Error: Workspace not RUNNING in time")
            .ExpectOutput("timeouts.create");
        var tainted = await terraform.StateOfAsync("lakeplane_workspace.this");
        Assert.True(tainted is not null, "the workspace that exists must stay in state");
        Assert.True(tainted.Value.TryGetProperty("tainted", out var flag) && flag.GetBoolean(), $"expected it tainted: {tainted}");

        terraform.WriteMain(Config("5m"));
        (await terraform.PlanAsync()).Expect(2).ExpectOutput("# lakeplane_workspace.this is tainted, so must be replaced");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 1 added, 0 changed, 1 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 3 destroyed.");
    }
}
