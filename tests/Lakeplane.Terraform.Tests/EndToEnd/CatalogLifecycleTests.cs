using System.Text.Json;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// The catalog as code, with the real CLI against a real lakeplaned: a workspace, its metastore
/// and assignment, a catalog, schema, table, volume, storage credential, external location and
/// grants on them apply, plan empty, answer the data sources, import into fresh state (import
/// blocks and `terraform import`) with an empty plan after, notice an out-of-band deletion, and
/// destroy in dependency order (the catalog has no force_destroy, so a wrong order fails).
/// </summary>
public sealed class CatalogLifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    // One metastore per region per account: this class has eu-west-1 to itself.
    private const string Region = "eu-west-1";

    private readonly CatalogOutOfBand _outOfBand = new(fixture.Daemon.Client);

    private static string Catalog(string prefix, string analyst, string engineer) => $$"""
        resource "lakeplane_credentials" "this" {
          credentials_name = "{{prefix}}-credentials"
          role_arn         = "arn:aws:iam::123456789012:role/{{prefix}}-crossaccount"
        }

        resource "lakeplane_storage_configuration" "this" {
          storage_configuration_name = "{{prefix}}-storage"
          bucket_name                = "{{prefix}}-root"
        }

        resource "lakeplane_workspace" "this" {
          workspace_name           = "{{prefix}}-workspace"
          aws_region               = "{{Region}}"
          credentials_id           = lakeplane_credentials.this.credentials_id
          storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
        }

        resource "lakeplane_metastore" "this" {
          name          = "{{prefix}}-metastore"
          region        = "{{Region}}"
          storage_root  = "s3://{{prefix}}-metastore/root"
          force_destroy = true
        }

        resource "lakeplane_metastore_assignment" "this" {
          workspace_id = lakeplane_workspace.this.workspace_id
          metastore_id = lakeplane_metastore.this.metastore_id
        }

        resource "lakeplane_storage_credential" "s3" {
          workspace_id = lakeplane_metastore_assignment.this.workspace_id
          name         = "{{prefix}}-s3"
          comment      = "landing bucket"
          aws_iam_role {
            role_arn = "arn:aws:iam::123456789012:role/{{prefix}}-s3"
          }
        }

        resource "lakeplane_external_location" "landing" {
          workspace_id    = lakeplane_storage_credential.s3.workspace_id
          name            = "{{prefix}}-landing"
          url             = "s3://{{prefix}}-landing/zone"
          credential_name = lakeplane_storage_credential.s3.name
        }

        resource "lakeplane_catalog" "main" {
          workspace_id = lakeplane_metastore_assignment.this.workspace_id
          name         = "main"
          comment      = "curated"
          properties   = { purpose = "e2e" }
        }

        resource "lakeplane_schema" "sales" {
          workspace_id  = lakeplane_catalog.main.workspace_id
          catalog_name  = lakeplane_catalog.main.name
          name          = "sales"
          force_destroy = true
        }

        resource "lakeplane_table" "orders" {
          workspace_id = lakeplane_schema.sales.workspace_id
          catalog_name = lakeplane_schema.sales.catalog_name
          schema_name  = lakeplane_schema.sales.name
          name         = "orders"
          comment      = "one row per order"
          column {
            name     = "order_id"
            type     = "bigint"
            nullable = false
          }
          column {
            name    = "amount"
            type    = "decimal(10,2)"
            comment = "EUR"
          }
        }

        resource "lakeplane_volume" "landing" {
          workspace_id = lakeplane_schema.sales.workspace_id
          catalog_name = lakeplane_schema.sales.catalog_name
          schema_name  = lakeplane_schema.sales.name
          name         = "landing"
          volume_type  = "MANAGED"
        }

        resource "lakeplane_grants" "catalog" {
          workspace_id = lakeplane_catalog.main.workspace_id
          catalog      = lakeplane_catalog.main.name
          grant {
            principal  = "{{analyst}}"
            privileges = ["USE_CATALOG", "USE_SCHEMA", "REFRESH"]
          }
          grant {
            principal  = "{{engineer}}"
            privileges = ["ALL_PRIVILEGES", "USE_CATALOG"]
          }
        }

        resource "lakeplane_grants" "orders" {
          workspace_id = lakeplane_table.orders.workspace_id
          table        = lakeplane_table.orders.id
          grant {
            principal  = "{{analyst}}"
            privileges = ["SELECT"]
          }
        }

        resource "lakeplane_grants" "landing" {
          workspace_id      = lakeplane_external_location.landing.workspace_id
          external_location = lakeplane_external_location.landing.name
          grant {
            principal  = "{{engineer}}"
            privileges = ["READ_FILES", "WRITE_FILES"]
          }
        }

        data "lakeplane_tables" "sales" {
          workspace_id = lakeplane_table.orders.workspace_id
          catalog_name = lakeplane_table.orders.catalog_name
          schema_name  = lakeplane_table.orders.schema_name
        }

        data "lakeplane_effective_permissions" "orders" {
          workspace_id   = lakeplane_grants.orders.workspace_id
          securable_type = "table"
          full_name      = lakeplane_grants.orders.table
          principal      = "{{analyst}}"
        }

        output "workspace_id" {
          value = lakeplane_workspace.this.workspace_id
        }
        output "metastore_id" {
          value = lakeplane_metastore.this.metastore_id
        }
        output "tables" {
          value = data.lakeplane_tables.sales.ids
        }
        output "analyst_on_orders" {
          value = flatten([for a in data.lakeplane_effective_permissions.orders.privilege_assignments : [for p in a.privileges : "${p.privilege}<${p.inherited_from_type}"]])
        }
        """;

    /// <summary>The catalog part alone, for a second state that imports what the first one made.</summary>
    private static string Imported(string prefix, long workspaceId, string metastoreId, string analyst, string engineer)
    {
        var full = Catalog(prefix, analyst, engineer);
        var start = full.IndexOf("resource \"lakeplane_metastore\" \"this\"", StringComparison.Ordinal);
        var end = full.IndexOf("data \"lakeplane_tables\"", StringComparison.Ordinal);
        return full[start..end]
            .Replace("lakeplane_workspace.this.workspace_id", workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("  force_destroy = true\n", "", StringComparison.Ordinal);
    }

    private static IEnumerable<(string Address, string Id)> ImportIds(long workspaceId, string metastoreId, string prefix) =>
    [
        ("lakeplane_metastore.this", metastoreId),
        ("lakeplane_metastore_assignment.this", $"{workspaceId}|{metastoreId}"),
        ("lakeplane_storage_credential.s3", $"{workspaceId}/{prefix}-s3"),
        ("lakeplane_external_location.landing", $"{workspaceId}/{prefix}-landing"),
        ("lakeplane_catalog.main", $"{workspaceId}/main"),
        ("lakeplane_schema.sales", $"{workspaceId}/main.sales"),
        ("lakeplane_table.orders", $"{workspaceId}/main.sales.orders"),
        ("lakeplane_volume.landing", $"{workspaceId}/main.sales.landing"),
        ("lakeplane_grants.catalog", $"{workspaceId}/catalog/main"),
        ("lakeplane_grants.orders", $"{workspaceId}/table/main.sales.orders"),
        ("lakeplane_grants.landing", $"{workspaceId}/external_location/{prefix}-landing"),
    ];

    [Fact]
    public async Task Catalog_applies_plans_empty_imports_notices_deletion_and_destroys_in_order()
    {
        var prefix = OutOfBand.UniquePrefix("cat");
        var analyst = await _outOfBand.CreateUserAsync($"analyst-{prefix}@example.com");
        var engineer = await _outOfBand.CreateUserAsync($"engineer-{prefix}@example.com");
        using var terraform = new TerraformDirectory("catalog", fixture.Daemon.Environment);
        terraform.WriteMain(Catalog(prefix, analyst, engineer));

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Apply complete! Resources: 14 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();

        var outputs = await terraform.OutputsAsync();
        var workspaceId = outputs.GetProperty("workspace_id").GetProperty("value").GetInt64();
        var metastoreId = outputs.GetProperty("metastore_id").GetProperty("value").GetString()!;
        Assert.Equal(["main.sales.orders"], outputs.GetProperty("tables").GetProperty("value").EnumerateArray().Select(e => e.GetString()));
        var effective = outputs.GetProperty("analyst_on_orders").GetProperty("value").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("SELECT<", effective);              // granted on the table itself
        Assert.Contains("REFRESH<CATALOG", effective);      // inherited from the catalog
        Assert.Equal(["REFRESH", "USE_CATALOG", "USE_SCHEMA"], (await _outOfBand.GrantsAsync(workspaceId, "catalog", "main"))[analyst]);

        // A second state takes over the same objects with import blocks: nothing to add or change.
        using (var blocks = new TerraformDirectory("catalog-import-blocks", fixture.Daemon.Environment))
        {
            var imports = string.Join("\n", ImportIds(workspaceId, metastoreId, prefix).Select(i => $$"""
                import {
                  to = {{i.Address}}
                  id = "{{i.Id}}"
                }
                """));
            blocks.WriteMain(Imported(prefix, workspaceId, metastoreId, analyst, engineer) + "\n" + imports);
            (await blocks.PlanAsync()).Expect(2).ExpectOutput("Plan: 11 to import, 0 to add, 0 to change, 0 to destroy.");
            (await blocks.ApplyAsync()).Expect(0).ExpectOutput("Resources: 11 imported, 0 added, 0 changed, 0 destroyed.");
            await blocks.ExpectEmptyPlanAsync();
        }

        // And a third with `terraform import`, one address at a time.
        using (var cli = new TerraformDirectory("catalog-import-cli", fixture.Daemon.Environment))
        {
            cli.WriteMain(Imported(prefix, workspaceId, metastoreId, analyst, engineer));
            (await cli.RunAsync("import", "lakeplane_catalog.main", $"{workspaceId}/nosuchcatalog")).Expect(1)
                .ExpectOutput("Error: Cannot import non-existent object");
            foreach (var (address, id) in ImportIds(workspaceId, metastoreId, prefix))
            {
                (await cli.RunAsync("import", address, id)).Expect(0).ExpectOutput("Import successful!");
            }
            await cli.ExpectEmptyPlanAsync();
        }

        // A volume deleted at the console leaves state at the next refresh and is planned again.
        await _outOfBand.DeleteVolumeAsync(workspaceId, "main.sales.landing");
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("lakeplane_volume.landing will be created")
            .ExpectOutput("Plan: 1 to add, 0 to change, 0 to destroy.");

        // A table made outside terraform in the managed schema: force_destroy on the schema removes it.
        await fixture.Daemon.Client.Catalog.CreateTableAsync(new Lakeplane.Protos.V1.CreateTableRequest
        {
            WorkspaceId = workspaceId, CatalogName = "main", SchemaName = "sales", Name = "unmanaged", RequestId = Guid.NewGuid().ToString(),
            Columns = { new Lakeplane.Protos.V1.ColumnInfo { Name = "id", TypeText = "int", TypeName = "INT", Position = 0 } },
        });

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Destroy complete! Resources: 13 destroyed.");
        Assert.Equal("", (await terraform.RunAsync("state", "list")).Expect(0).Stdout.Trim());
    }

    /// <summary>examples/catalog as a user runs it: apply, an empty plan, the effective permissions it prints, destroy.</summary>
    [Fact]
    public async Task Catalog_example_applies_plans_empty_and_destroys()
    {
        var prefix = OutOfBand.UniquePrefix("example");
        // The example creates its analyst (lakeplane_user): a name no other test uses.
        var analyst = $"analyst-{prefix}@example.com";
        using var terraform = new TerraformDirectory("catalog-example", fixture.Daemon.Environment);
        terraform.WriteFile("main.tf", File.ReadAllText(Path.Combine(LakeplaneBinaries.RepositoryRoot, "examples", "catalog", "main.tf")));
        // Its own region: one metastore per region per account.
        terraform.WriteFile("terraform.tfvars", $"prefix = \"{prefix}\"\nregion = \"ca-central-1\"\nanalyst = \"{analyst}\"\n");

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Apply complete! Resources: 16 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var printed = (await terraform.OutputsAsync()).GetProperty("analyst_on_orders").GetProperty("value").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("SELECT from schema sales.curated", printed);

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Destroy complete! Resources: 16 destroyed.");
    }

    [Fact]
    public async Task Deleting_a_catalog_with_schemas_fails_without_force_destroy_naming_what_is_inside()
    {
        var prefix = OutOfBand.UniquePrefix("catforce");
        var (workspaceId, _) = await _outOfBand.WorkspaceWithMetastoreAsync(prefix, "ap-south-1");
        using var terraform = new TerraformDirectory("catalog-force", fixture.Daemon.Environment);
        string Configuration(bool force) => $$"""
            resource "lakeplane_catalog" "c" {
              workspace_id  = {{workspaceId}}
              name          = "kept"
              force_destroy = {{(force ? "true" : "false")}}
            }
            """;
        terraform.WriteMain(Configuration(force: false));
        (await terraform.ApplyAsync()).Expect(0);
        await fixture.Daemon.Client.Catalog.CreateSchemaAsync(new Lakeplane.Protos.V1.CreateSchemaRequest
        {
            WorkspaceId = workspaceId, CatalogName = "kept", Name = "inside", RequestId = Guid.NewGuid().ToString(),
        });

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(1).ExpectOutput("Error: Cannot delete catalog").ExpectOutputUnwrapped("it contains 1 schema(s): inside.");
        Assert.True(await _outOfBand.CatalogExistsAsync(workspaceId, "kept"));

        terraform.WriteMain(Configuration(force: true));
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("1 changed");
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0);
        Assert.False(await _outOfBand.CatalogExistsAsync(workspaceId, "kept"));
    }
}
