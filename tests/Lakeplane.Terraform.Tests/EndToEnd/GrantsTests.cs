using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// lakeplane_grants and lakeplane_grant with the real CLI against a real lakeplaned: plans that
/// say what they revoke, drift from grants made out of band, ALL_PRIVILEGES converging in one
/// apply, single-principal grants that never fight (with each other or with lakeplane_grants on
/// the same securable), grants on functions, and bad privileges refused on their line.
/// The catalog they grant on is made through the API, so only grants are terraform's here.
/// </summary>
public sealed class GrantsTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    // One metastore per region per account: this class has us-west-2 to itself.
    private const string Region = "us-west-2";

    private static readonly SemaphoreSlim SetupGate = new(1, 1);
    private static (DaemonProcess Daemon, long WorkspaceId)? _shared;

    private readonly CatalogOutOfBand _outOfBand = new(fixture.Daemon.Client);

    private sealed record Setting(long WorkspaceId, string Catalog, string Table, string Alice, string Bob, string Carol);

    /// <summary>A workspace with a metastore (once per daemon), then a catalog, schema, table and three users of this test's own.</summary>
    private async Task<Setting> SetUpAsync(string test)
    {
        long workspaceId;
        await SetupGate.WaitAsync();
        try
        {
            if (_shared is not { } shared || !ReferenceEquals(shared.Daemon, fixture.Daemon))
            {
                var (id, _) = await _outOfBand.WorkspaceWithMetastoreAsync(OutOfBand.UniquePrefix("grants"), Region);
                _shared = (fixture.Daemon, id);
            }
            workspaceId = _shared.Value.WorkspaceId;
        }
        finally
        {
            SetupGate.Release();
        }
        var prefix = OutOfBand.UniquePrefix(test);
        var catalog = prefix.Replace('-', '_');
        await _outOfBand.CreateCatalogSchemaTableAsync(workspaceId, catalog, "sales", "orders");
        return new Setting(workspaceId, catalog, $"{catalog}.sales.orders",
            await _outOfBand.CreateUserAsync($"alice-{prefix}@example.com"),
            await _outOfBand.CreateUserAsync($"bob-{prefix}@example.com"),
            await _outOfBand.CreateUserAsync($"carol-{prefix}@example.com"));
    }

    [Fact]
    public async Task Grants_apply_plan_empty_then_an_out_of_band_grant_is_drift_that_the_plan_announces_and_apply_revokes()
    {
        var s = await SetUpAsync("drift");
        using var terraform = new TerraformDirectory("grants-drift", fixture.Daemon.Environment);
        string Configuration(params string[] alicePrivileges) => $$"""
            resource "lakeplane_grants" "catalog" {
              workspace_id = {{s.WorkspaceId}}
              catalog      = "{{s.Catalog}}"
              grant {
                principal  = "{{s.Alice}}"
                privileges = ["USE_CATALOG"]
              }
              grant {
                principal  = "{{s.Bob}}"
                privileges = ["USE_CATALOG", "USE_SCHEMA"]
              }
            }

            resource "lakeplane_grants" "table" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              grant {
                principal  = "{{s.Alice}}"
                # Not sorted: a set, so the API's order never shows as a change.
                privileges = [{{string.Join(", ", alicePrivileges.Select(p => $"\"{p}\""))}}]
              }
              grant {
                principal  = "{{s.Bob}}"
                privileges = ["SELECT"]
              }
            }
            """;
        terraform.WriteMain(Configuration("SELECT", "MODIFY"));

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table);
        Assert.Equal(["MODIFY", "SELECT"], granted[s.Alice]);
        Assert.Equal(["SELECT"], granted[s.Bob]);

        // Someone grants MODIFY to bob and SELECT to carol at the console.
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "table", s.Table, s.Bob, ["MODIFY"], []);
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "table", s.Table, s.Carol, ["SELECT"], []);

        var drift = (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput($"Warning: Privileges will be revoked from {s.Bob}")
            .ExpectOutput($"Warning: Privileges will be revoked from {s.Carol}")
            .ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        drift.ExpectOutputUnwrapped($"lakeplane_grants will revoke MODIFY from {s.Bob} on table {s.Table}.");
        drift.ExpectOutputUnwrapped($"lakeplane_grants will revoke SELECT from {s.Carol} on table {s.Table}.");
        drift.ExpectOutputUnwrapped($"- grant {{ - principal = \"{s.Carol}\"");

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 1 changed, 0 destroyed.");
        granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table);
        Assert.Equal([s.Alice, s.Bob], granted.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["SELECT"], granted[s.Bob]);
        await terraform.ExpectEmptyPlanAsync();

        // A revocation the configuration makes is announced the same way.
        terraform.WriteMain(Configuration("SELECT"));
        var revoke = (await terraform.PlanAsync()).Expect(2).ExpectOutput("Warning: Privileges will be revoked");
        revoke.ExpectOutputUnwrapped($"lakeplane_grants will revoke MODIFY from {s.Alice} on table {s.Table}.");
        (await terraform.ApplyAsync()).Expect(0);
        Assert.Equal(["SELECT"], (await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table))[s.Alice]);
        await terraform.ExpectEmptyPlanAsync();

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 2 destroyed.");
        Assert.Empty(await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table));
        Assert.Empty(await _outOfBand.GrantsAsync(s.WorkspaceId, "catalog", s.Catalog));
    }

    [Fact]
    public async Task All_privileges_alongside_specific_privileges_converges_in_one_apply()
    {
        var s = await SetUpAsync("allpriv");
        using var terraform = new TerraformDirectory("grants-all", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_grants" "table" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              grant {
                principal  = "{{s.Alice}}"
                privileges = ["SELECT", "ALL_PRIVILEGES", "MODIFY"]
              }
            }

            resource "lakeplane_grant" "schema" {
              workspace_id = {{s.WorkspaceId}}
              schema       = "{{s.Catalog}}.sales"
              principal    = "{{s.Bob}}"
              privileges   = ["ALL_PRIVILEGES", "USE_SCHEMA"]
            }
            """);

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 2 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        Assert.Contains("ALL_PRIVILEGES", (await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table))[s.Alice]);
    }

    [Fact]
    public async Task Two_grant_resources_for_different_principals_never_fight_and_leave_other_principals_alone()
    {
        var s = await SetUpAsync("single");
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "table", s.Table, s.Carol, ["SELECT"], []);
        using var terraform = new TerraformDirectory("grant-single", fixture.Daemon.Environment);
        string Configuration(string alicePrivilege) => $$"""
            resource "lakeplane_grant" "alice" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              principal    = "{{s.Alice}}"
              privileges   = ["{{alicePrivilege}}"]
            }

            resource "lakeplane_grant" "bob" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              principal    = "{{s.Bob}}"
              privileges   = ["SELECT", "MODIFY"]
            }
            """;
        terraform.WriteMain(Configuration("SELECT"));

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 2 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table);
        Assert.Equal(["SELECT"], granted[s.Alice]);
        Assert.Equal(["MODIFY", "SELECT"], granted[s.Bob]);
        Assert.Equal(["SELECT"], granted[s.Carol]);

        terraform.WriteMain(Configuration("MODIFY"));
        (await terraform.PlanAsync()).Expect(2).ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.").ExpectNoOutput("lakeplane_grant.bob will");
        (await terraform.ApplyAsync()).Expect(0);
        await terraform.ExpectEmptyPlanAsync();

        // A privilege given to alice out of band is drift on her resource alone.
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "table", s.Table, s.Alice, ["SELECT"], []);
        (await terraform.PlanAsync()).Expect(2).ExpectOutput("lakeplane_grant.alice will be updated in-place").ExpectNoOutput("lakeplane_grant.bob will");
        (await terraform.ApplyAsync()).Expect(0);

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 2 destroyed.");
        granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table);
        Assert.Equal([s.Carol], granted.Keys);
    }

    [Fact]
    public async Task Grants_and_grant_on_one_catalog_never_fight_and_removing_the_grant_revokes_only_its_principal()
    {
        var s = await SetUpAsync("mixed");
        using var terraform = new TerraformDirectory("grants-mixed", fixture.Daemon.Environment);
        const string authoritative = """
            resource "lakeplane_grants" "catalog" {
              workspace_id = @WS@
              catalog      = "@CAT@"
              grant {
                principal  = "@ALICE@"
                privileges = ["USE_CATALOG"]
              }
            }
            """;
        const string additive = """

            resource "lakeplane_grant" "bob" {
              workspace_id = @WS@
              catalog      = "@CAT@"
              principal    = "@BOB@"
              privileges   = ["USE_CATALOG", "BROWSE"]
            }
            """;
        string Fill(string text) => text.Replace("@WS@", s.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("@CAT@", s.Catalog).Replace("@ALICE@", s.Alice).Replace("@BOB@", s.Bob);
        terraform.WriteMain(Fill(authoritative + additive));

        // No ordering between the two: terraform applies them at once, and neither revokes the other's principal.
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 2 added, 0 changed, 0 destroyed.");
        var granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "catalog", s.Catalog);
        Assert.Equal(["USE_CATALOG"], granted[s.Alice]);
        Assert.Equal(["BROWSE", "USE_CATALOG"], granted[s.Bob]);
        (await terraform.PlanAsync()).Expect(0).ExpectOutput("No changes.").ExpectNoOutput("Warning: Privileges will be revoked");
        (await terraform.PlanAsync()).Expect(0).ExpectOutput("No changes.").ExpectNoOutput("Warning: Privileges will be revoked");

        // A grant made out of band to someone neither resource manages is still drift on the authoritative one.
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "catalog", s.Catalog, s.Carol, ["BROWSE"], []);
        (await terraform.PlanAsync()).Expect(2).ExpectOutput($"Warning: Privileges will be revoked from {s.Carol}")
            .ExpectNoOutput($"revoked from {s.Bob}").ExpectOutput("Plan: 0 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0);
        Assert.Equal([s.Alice, s.Bob], (await _outOfBand.GrantsAsync(s.WorkspaceId, "catalog", s.Catalog)).Keys.Order(StringComparer.Ordinal));

        // Listing bob in the authoritative resource too is an error naming him and both resources.
        terraform.WriteMain(Fill(authoritative.Replace("""
              grant {
                principal  = "@ALICE@"
            """, """
              grant {
                principal  = "@BOB@"
                privileges = ["USE_CATALOG"]
              }
              grant {
                principal  = "@ALICE@"
            """) + additive));
        var contested = (await terraform.ApplyAsync()).Expect(1).ExpectOutput("Error: Principal managed by a lakeplane_grant");
        contested.ExpectOutputUnwrapped($"lakeplane_grants on catalog {s.Catalog} lists {s.Bob}, whose privileges on it a lakeplane_grant manages.");
        Assert.Equal(["BROWSE", "USE_CATALOG"], (await _outOfBand.GrantsAsync(s.WorkspaceId, "catalog", s.Catalog))[s.Bob]);

        // Removing the lakeplane_grant revokes bob's privileges and nothing else.
        terraform.WriteMain(Fill(authoritative));
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 0 added, 0 changed, 1 destroyed.");
        granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "catalog", s.Catalog);
        Assert.Equal([s.Alice], granted.Keys);
        Assert.Equal(["USE_CATALOG"], granted[s.Alice]);
        await terraform.ExpectEmptyPlanAsync();
    }

    [Fact]
    public async Task An_imported_grant_claims_its_principal_so_a_new_grants_on_the_securable_leaves_it_alone()
    {
        var s = await SetUpAsync("import");
        await _outOfBand.ChangeGrantsAsync(s.WorkspaceId, "table", s.Table, s.Bob, ["SELECT"], []);
        using var terraform = new TerraformDirectory("grant-import", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_grant" "bob" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              principal    = "{{s.Bob}}"
              privileges   = ["SELECT"]
            }

            resource "lakeplane_grants" "table" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              grant {
                principal  = "{{s.Alice}}"
                privileges = ["SELECT"]
              }
            }
            """);
        (await terraform.RunAsync("import", "lakeplane_grant.bob", $"{s.WorkspaceId}/table/{s.Table}/{s.Bob}")).Expect(0).ExpectOutput("Import successful!");
        (await terraform.PlanAsync()).Expect(2).ExpectOutput("Plan: 1 to add, 0 to change, 0 to destroy.")
            .ExpectNoOutput("Warning: Privileges will be revoked").ExpectNoOutput("lakeplane_grant.bob will");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 1 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table);
        Assert.Equal(["SELECT"], granted[s.Alice]);
        Assert.Equal(["SELECT"], granted[s.Bob]);
    }

    [Fact]
    public async Task Grants_on_a_function_apply_plan_empty_and_destroy()
    {
        var s = await SetUpAsync("function");
        var function = await _outOfBand.CreateFunctionAsync(s.WorkspaceId, s.Catalog, "sales", "add_one");
        using var terraform = new TerraformDirectory("grants-function", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_grants" "function" {
              workspace_id = {{s.WorkspaceId}}
              function     = "{{function.FullName}}"
              grant {
                principal  = "{{s.Alice}}"
                privileges = ["EXECUTE"]
              }
            }

            resource "lakeplane_grant" "bob" {
              workspace_id = {{s.WorkspaceId}}
              function     = "{{function.FullName}}"
              principal    = "{{s.Bob}}"
              privileges   = ["ALL_PRIVILEGES", "EXECUTE"]
            }
            """);
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 2 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var granted = await _outOfBand.GrantsAsync(s.WorkspaceId, "function", function.FullName);
        Assert.Equal(["EXECUTE"], granted[s.Alice]);
        Assert.Contains("ALL_PRIVILEGES", granted[s.Bob]);
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 2 destroyed.");
        Assert.Empty(await _outOfBand.GrantsAsync(s.WorkspaceId, "function", function.FullName));
    }

    [Fact]
    public async Task Bad_privileges_are_refused_on_their_line_before_anything_is_applied()
    {
        var s = await SetUpAsync("bad");
        using var terraform = new TerraformDirectory("grants-bad", fixture.Daemon.Environment);
        terraform.WriteMain($$"""
            resource "lakeplane_grant" "misspelt" {
              workspace_id = {{s.WorkspaceId}}
              catalog      = "{{s.Catalog}}"
              principal    = "{{s.Alice}}"
              privileges   = ["use catalog"]
            }

            resource "lakeplane_grant" "wrong_securable" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              principal    = "{{s.Bob}}"
              privileges   = ["USE_CATALOG"]
            }

            resource "lakeplane_grants" "wrong_securable" {
              workspace_id = {{s.WorkspaceId}}
              table        = "{{s.Table}}"
              grant {
                principal  = "{{s.Carol}}"
                privileges = ["READ_VOLUME"]
              }
            }
            """);

        var result = (await terraform.PlanAsync()).Expect(1)
            .ExpectDiagnostic("Invalid privilege", "privileges   = [\"use catalog\"]", "write it as the API does, \"USE_CATALOG\"")
            .ExpectDiagnostic("Privilege not applicable", "privileges   = [\"USE_CATALOG\"]", "USE_CATALOG, which cannot be granted on a table")
            .ExpectOutput("Error: Privilege not applicable");
        result.ExpectOutputUnwrapped("READ_VOLUME, which cannot be granted on a table");
        Assert.Empty(await _outOfBand.GrantsAsync(s.WorkspaceId, "table", s.Table));
    }
}
