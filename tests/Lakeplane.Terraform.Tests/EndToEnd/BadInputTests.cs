using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// Mistakes only the daemon can catch, as terraform shows them: a refusal points at the
/// attribute the daemon names; a provider without settings says which setting and which
/// variable, and a wrong token is refused without being echoed.
/// </summary>
public sealed class BadInputTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task Daemon_refusals_point_at_the_attribute_the_daemon_names()
    {
        var prefix = OutOfBand.UniquePrefix("err");
        await new OutOfBand(fixture.Daemon.Client).CreateCredentialsAsync($"{prefix}-taken");
        using var terraform = new TerraformDirectory("daemon-errors", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_credentials" "duplicate" {
              credentials_name = "{{prefix}}-taken"
              role_arn         = "arn:aws:iam::123456789012:role/{{prefix}}"
            }

            resource "lakeplane_storage_configuration" "this" {
              storage_configuration_name = "{{prefix}}-storage"
              bucket_name                = "{{prefix}}-root"
            }

            resource "lakeplane_workspace" "orphan" {
              workspace_name           = "{{prefix}}-workspace"
              aws_region               = "us-east-1"
              credentials_id           = "00000000-0000-0000-0000-000000000000"
              storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
            }
            """);

        (await terraform.ApplyAsync()).Expect(1)
            .ExpectDiagnostic("Cannot create credentials: it already exists", $"credentials_name = \"{prefix}-taken\"", "(RESOURCE_ALREADY_EXISTS)")
            .ExpectDiagnostic("Invalid credentials_id",
                "credentials_id           = \"00000000-0000-0000-0000-000000000000\"", "does not name a credentials of this account");
        // Nothing half-made is lost: the storage configuration that was created is in state, the failures are not.
        (await terraform.RunAsync("state", "list")).Expect(0)
            .ExpectOutput("lakeplane_storage_configuration.this")
            .ExpectNoOutput("lakeplane_workspace.orphan")
            .ExpectNoOutput("lakeplane_credentials.duplicate");
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0);
    }

    [Fact]
    public async Task Missing_or_wrong_provider_settings_are_named()
    {
        using var terraform = new TerraformDirectory("provider-settings", new Dictionary<string, string>
        {
            ["LAKEPLANE_HOST"] = fixture.Daemon.Environment["LAKEPLANE_HOST"],
        });
        terraform.WriteMain("""
            provider "lakeplane" {}

            data "lakeplane_current_user" "me" {}
            """);

        (await terraform.PlanAsync()).Expect(1)
            .ExpectOutput("Error: Missing provider setting token")
            .ExpectOutput("LAKEPLANE_TOKEN")
            .ExpectOutput("Error: Missing provider setting account_id")
            .ExpectOutput("LAKEPLANE_ACCOUNT_ID")
            .ExpectNoOutput("Missing provider setting host");

        const string wrongToken = "lp-not-a-real-token-1234567890";
        terraform.SetEnvironment("LAKEPLANE_TOKEN", wrongToken);
        terraform.SetEnvironment("LAKEPLANE_ACCOUNT_ID", fixture.Daemon.Environment["LAKEPLANE_ACCOUNT_ID"]);
        (await terraform.PlanAsync()).Expect(1)
            .ExpectOutput("UNAUTHENTICATED")
            .ExpectNoOutput(wrongToken);
    }
}
