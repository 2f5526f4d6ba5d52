using System.Globalization;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// Objects made outside terraform (through the daemon's API) brought under management by id,
/// with `terraform import` and with import blocks, each followed by an empty plan: every Read
/// must give back exactly what the configuration says.
/// </summary>
public sealed class ImportTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private sealed record Existing(string Prefix, string CredentialsId, string StorageId, string NetworkId, long WorkspaceId, string TokenId);

    /// <summary>Every importable kind of object, made through the API; subnets listed in another order than the configuration will.</summary>
    private async Task<Existing> CreateOutOfBandAsync(string test)
    {
        var prefix = OutOfBand.UniquePrefix(test);
        var credentials = await _outOfBand.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await _outOfBand.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var network = await _outOfBand.CreateNetworkAsync($"{prefix}-network",
            ["subnet-1a1b2c3d", "subnet-0a1b2c3d"], ["sg-0a1b2c3d", "sg-1a1b2c3d"]);
        var workspace = await _outOfBand.CreateRunningWorkspaceAsync($"{prefix}-workspace", credentials.CredentialsId,
            storage.StorageConfigurationId, network.NetworkId, new Dictionary<string, string> { ["team"] = "imported", ["env"] = "test" });
        var token = await _outOfBand.CreateTokenAsync(workspace.WorkspaceId, $"{prefix} automation", 7200);
        return new Existing(prefix, credentials.CredentialsId, storage.StorageConfigurationId, network.NetworkId, workspace.WorkspaceId, token.TokenInfo.TokenId);
    }

    /// <summary>The configuration a user writes for those objects (no timeouts block: an import cannot know one).</summary>
    private static string Configuration(Existing existing) => $$"""
        resource "lakeplane_credentials" "this" {
          credentials_name = "{{existing.Prefix}}-credentials"
          role_arn         = "{{OutOfBand.RoleArnPrefix}}{{existing.Prefix}}-credentials"
        }

        resource "lakeplane_storage_configuration" "this" {
          storage_configuration_name = "{{existing.Prefix}}-storage"
          bucket_name                = "{{existing.Prefix}}-root"
        }

        resource "lakeplane_network" "this" {
          network_name       = "{{existing.Prefix}}-network"
          vpc_id             = "vpc-0a1b2c3d4e5f60718"
          subnet_ids         = ["subnet-0a1b2c3d", "subnet-1a1b2c3d"]
          security_group_ids = ["sg-1a1b2c3d", "sg-0a1b2c3d"]
        }

        resource "lakeplane_workspace" "this" {
          workspace_name           = "{{existing.Prefix}}-workspace"
          aws_region               = "us-east-1"
          credentials_id           = lakeplane_credentials.this.credentials_id
          storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
          network_id               = lakeplane_network.this.network_id
          custom_tags = {
            env  = "test"
            team = "imported"
          }
        }

        resource "lakeplane_token" "this" {
          workspace_id     = lakeplane_workspace.this.workspace_id
          comment          = "{{existing.Prefix}} automation"
          lifetime_seconds = 7200
        }
        """;

    private static IEnumerable<(string Address, string Id)> ImportIds(Existing existing) =>
    [
        ("lakeplane_credentials.this", existing.CredentialsId),
        ("lakeplane_storage_configuration.this", existing.StorageId),
        ("lakeplane_network.this", existing.NetworkId),
        ("lakeplane_workspace.this", existing.WorkspaceId.ToString(CultureInfo.InvariantCulture)),
        ("lakeplane_token.this", $"{existing.WorkspaceId}/{existing.TokenId}"),
    ];

    [Fact]
    public async Task Terraform_import_by_id_then_plan_is_empty()
    {
        var existing = await CreateOutOfBandAsync("imp");
        using var terraform = new TerraformDirectory("import", fixture.Daemon.Environment);
        terraform.WriteMain(Configuration(existing));

        (await terraform.RunAsync("import", "lakeplane_network.this", "no-such-network")).Expect(1)
            .ExpectOutput("Error: Cannot import non-existent object")
            .ExpectOutput("Import takes the object's own id (its network_id)");
        foreach (var (address, id) in ImportIds(existing))
        {
            (await terraform.RunAsync("import", address, id)).Expect(0).ExpectOutput("Import successful!");
        }

        await terraform.ExpectEmptyPlanAsync();
        var token = await terraform.StateOfAsync("lakeplane_token.this");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, token!.Value.GetProperty("values").GetProperty("token_value").ValueKind);
        Assert.Equal(existing.TokenId, token.Value.GetProperty("values").GetProperty("token_id").GetString());
    }

    [Fact]
    public async Task Import_blocks_then_plan_is_empty()
    {
        var existing = await CreateOutOfBandAsync("blk");
        using var terraform = new TerraformDirectory("import-blocks", fixture.Daemon.Environment);
        var imports = string.Join("\n", ImportIds(existing).Select(i => $$"""
            import {
              to = {{i.Address}}
              id = "{{i.Id}}"
            }
            """));
        terraform.WriteMain(Configuration(existing) + "\n" + imports);

        (await terraform.PlanAsync()).Expect(2).ExpectOutput("Plan: 5 to import, 0 to add, 0 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 5 imported, 0 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
    }
}
