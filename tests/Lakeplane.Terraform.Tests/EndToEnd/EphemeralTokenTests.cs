using System.Text.Json;
using System.Text.RegularExpressions;
using Lakeplane.Protos.V1;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// ephemeral "lakeplane_token" with the real terraform CLI: a workspace and, in the same
/// configuration, a one-run token for it that configures a second provider block acting inside
/// the workspace. The token must work (the data source read through it sees the workspace), be
/// revoked when each run ends, and never reach a plan file or the state.
/// </summary>
public sealed partial class EphemeralTokenTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    /// <summary>Every lakeplaned token value: a secret anywhere in plan or state would match.</summary>
    [GeneratedRegex("lpt_[0-9a-f]{64}")]
    private static partial Regex TokenValue();

    private static string Configuration(string prefix) => $$"""
        provider "lakeplane" {}

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
          aws_region               = "us-east-1"
          credentials_id           = lakeplane_credentials.this.credentials_id
          storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
        }

        ephemeral "lakeplane_token" "run" {
          workspace_id     = lakeplane_workspace.this.workspace_id
          comment          = "{{prefix}} run"
          lifetime_seconds = 900
        }

        provider "lakeplane" {
          alias = "workspace"
          token = ephemeral.lakeplane_token.run.token_value
        }

        data "lakeplane_current_user" "in_workspace" {
          provider = lakeplane.workspace
          # Read once the workspace exists: before that there is no token to read with.
          depends_on = [lakeplane_workspace.this]
        }

        output "workspace_id" {
          value = lakeplane_workspace.this.workspace_id
        }

        output "token_workspace_id" {
          value = data.lakeplane_current_user.in_workspace.workspace_id
        }
        """;

    [Fact]
    public async Task A_one_run_token_configures_a_provider_in_the_workspace_and_is_revoked_and_never_stored()
    {
        var prefix = OutOfBand.UniquePrefix("ephemeral");
        using var terraform = new TerraformDirectory("ephemeral-token", fixture.Daemon.Environment);
        terraform.WriteMain(Configuration(prefix));

        // Plan while the workspace does not exist yet: the token's configuration is unknown, so
        // nothing is issued and the plan must still succeed.
        (await terraform.RunAsync("plan", "-out=run.tfplan")).Expect(0);
        var planJson = (await terraform.RunAsync("show", "-json", "run.tfplan")).Expect(0).Stdout;
        Assert.DoesNotMatch(TokenValue(), planJson);

        (await terraform.RunAsync("apply", "run.tfplan")).Expect(0);
        var outputs = await terraform.OutputsAsync();
        var workspaceId = outputs.GetProperty("workspace_id").GetProperty("value").GetInt64();
        Assert.Equal(workspaceId, outputs.GetProperty("token_workspace_id").GetProperty("value").GetInt64());
        await ExpectNoTokenLeftAsync(workspaceId, prefix);

        // With the workspace there, the next plan opens the token itself (and reads through it): no
        // changes, and that token is revoked when the plan ends too.
        await terraform.ExpectEmptyPlanAsync();
        await ExpectNoTokenLeftAsync(workspaceId, prefix);

        var state = await File.ReadAllTextAsync(Path.Combine(terraform.WorkingDirectory, "terraform.tfstate"));
        Assert.DoesNotMatch(TokenValue(), state);
        using (var document = JsonDocument.Parse(state))
        {
            Assert.DoesNotContain(document.RootElement.GetProperty("resources").EnumerateArray(), r => r.GetProperty("type").GetString() == "lakeplane_token");
        }

        // The run's token may be closed after the workspace is gone: a token already gone is no error.
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0);
    }

    [Fact]
    public async Task A_lifetime_beyond_a_day_is_refused_at_validate_on_its_line()
    {
        using var terraform = new TerraformDirectory("ephemeral-token-invalid", fixture.Daemon.Environment);
        terraform.WriteMain("""
            ephemeral "lakeplane_token" "run" {
              workspace_id     = 1234567890123456
              lifetime_seconds = 90000
            }
            """);

        (await terraform.RunAsync("validate")).Expect(1)
            .ExpectDiagnostic("Invalid lifetime_seconds", "lifetime_seconds = 90000", "must be a whole number from 60 to 86400");
    }

    /// <summary>The daemon holds no token issued for the run (all carry the run's comment).</summary>
    private async Task ExpectNoTokenLeftAsync(long workspaceId, string prefix)
    {
        var tokens = await fixture.Daemon.Client.Identity.ListTokensAsync(new ListTokensRequest
        {
            AccountId = fixture.Daemon.Client.AccountId,
            WorkspaceId = workspaceId,
        });
        Assert.DoesNotContain(tokens.TokenInfos, t => t.Comment == $"{prefix} run");
    }
}
