using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakeplane.Protos.V1;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// Users, groups, memberships and service principals with the real terraform CLI and a real lakeplaned: apply, an
/// empty plan, drift made through SCIM (as an identity provider or a person would), repair, import and destroy.
/// </summary>
public sealed class IdentityLifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private static string Configuration(string prefix) => $$"""
        provider "lakeplane" {}

        resource "lakeplane_user" "alice" {
          user_name             = "{{prefix}}-alice@example.com"
          display_name          = "Alice"
          databricks_sql_access = true
        }

        # Only what it must have: the daemon fills in display_name, the defaults the rest.
        resource "lakeplane_user" "bob" {
          user_name = "{{prefix}}-bob@example.com"
        }

        resource "lakeplane_service_principal" "deployer" {
          display_name = "{{prefix}}-deployer"
        }

        resource "lakeplane_group" "engineers" {
          display_name         = "{{prefix}}-engineers"
          allow_cluster_create = true
        }

        resource "lakeplane_group_member" "alice" {
          group_id  = lakeplane_group.engineers.group_id
          member_id = lakeplane_user.alice.user_id
        }

        resource "lakeplane_group_member" "deployer" {
          group_id  = lakeplane_group.engineers.group_id
          member_id = lakeplane_service_principal.deployer.service_principal_id
        }

        output "user_id" {
          value = lakeplane_user.alice.user_id
        }
        output "group_id" {
          value = lakeplane_group.engineers.group_id
        }
        output "service_principal_id" {
          value = lakeplane_service_principal.deployer.service_principal_id
        }
        output "application_id" {
          value = lakeplane_service_principal.deployer.application_id
        }
        output "bob_display_name" {
          value = lakeplane_user.bob.display_name
        }
        output "acl_principal_id" {
          value = lakeplane_user.alice.acl_principal_id
        }
        """;

    [Fact]
    public async Task Apply_plan_empty_scim_drift_import_and_destroy()
    {
        var prefix = OutOfBand.UniquePrefix("identity");
        using var terraform = new TerraformDirectory("identity", fixture.Daemon.Environment);
        terraform.WriteMain(Configuration(prefix));

        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 6 added, 0 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        var outputs = await terraform.OutputsAsync();
        string Output(string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;
        var userId = Output("user_id");
        var groupId = Output("group_id");
        var servicePrincipalId = Output("service_principal_id");
        Assert.True(Guid.TryParse(Output("application_id"), out _));
        Assert.Equal($"users/{prefix}-alice@example.com", Output("acl_principal_id"));
        Assert.Equal($"{prefix}-bob@example.com", Output("bob_display_name"));

        // What terraform made is what the daemon has.
        var identity = fixture.Daemon.Client.Identity;
        var group = await identity.GetGroupAsync(new GetGroupRequest { Id = groupId });
        Assert.Equal(new[] { servicePrincipalId, userId }.Order(StringComparer.Ordinal), group.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal));
        Assert.Equal(["allow-cluster-create"], group.Entitlements);
        var user = await identity.GetUserAsync(new GetUserRequest { Id = userId });
        Assert.Equal("Alice", user.DisplayName);
        Assert.Equal(["databricks-sql-access"], user.Entitlements);

        // Drift through SCIM: the user renamed and given an entitlement, the service principal taken out of the group.
        using var scim = new HttpClient { BaseAddress = new Uri(fixture.Daemon.Environment["LAKEPLANE_HOST"]) };
        scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Daemon.Environment["LAKEPLANE_TOKEN"]);
        (await scim.PatchAsJsonAsync($"/api/2.0/preview/scim/v2/Users/{userId}", new
        {
            schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" },
            Operations = new object[]
            {
                new { op = "replace", path = "displayName", value = "Alice (edited)" },
                new { op = "add", path = "entitlements", value = new[] { new { value = "workspace-access" } } },
            },
        })).EnsureSuccessStatusCode();
        (await scim.PatchAsJsonAsync($"/api/2.0/preview/scim/v2/Groups/{groupId}", new
        {
            schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" },
            Operations = new[] { new { op = "remove", path = $"members[value eq \"{servicePrincipalId}\"]" } },
        })).EnsureSuccessStatusCode();
        (await terraform.PlanAsync()).Expect(2)
            .ExpectOutput("# lakeplane_user.alice will be updated in-place")
            .ExpectOutput("~ display_name               = \"Alice (edited)\" -> \"Alice\"")
            .ExpectOutput("~ workspace_access           = true -> false")
            .ExpectOutput("# lakeplane_group_member.deployer will be created")
            .ExpectOutput("Plan: 1 to add, 1 to change, 0 to destroy.");
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("Resources: 1 added, 1 changed, 0 destroyed.");
        await terraform.ExpectEmptyPlanAsync();
        user = await identity.GetUserAsync(new GetUserRequest { Id = userId });
        Assert.Equal("Alice", user.DisplayName);
        Assert.Equal(["databricks-sql-access"], user.Entitlements);
        Assert.Equal(2, (await identity.GetGroupAsync(new GetGroupRequest { Id = groupId })).Members.Count);

        // Forgotten by terraform, then imported back by id: the configuration matches exactly.
        (await terraform.RunAsync("state", "rm", "lakeplane_user.alice", "lakeplane_group.engineers", "lakeplane_group_member.alice",
            "lakeplane_service_principal.deployer")).Expect(0);
        (await terraform.RunAsync("import", "lakeplane_user.alice", userId)).Expect(0).ExpectOutput("Import successful!");
        (await terraform.RunAsync("import", "lakeplane_group.engineers", groupId)).Expect(0).ExpectOutput("Import successful!");
        (await terraform.RunAsync("import", "lakeplane_group_member.alice", $"{groupId}|{userId}")).Expect(0).ExpectOutput("Import successful!");
        (await terraform.RunAsync("import", "lakeplane_service_principal.deployer", servicePrincipalId)).Expect(0).ExpectOutput("Import successful!");
        (await terraform.RunAsync("import", "lakeplane_group_member.alice", $"{groupId}")).Expect(1);
        await terraform.ExpectEmptyPlanAsync();

        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0).ExpectOutput("Resources: 6 destroyed.");
        var users = await identity.ListUsersAsync(new ListUsersRequest { Filter = $"userName sw \"{prefix}\"" });
        Assert.Empty(users.Users);
        Assert.Empty((await identity.ListGroupsAsync(new ListGroupsRequest { Filter = $"displayName sw \"{prefix}\"" })).Groups);
        Assert.Empty((await identity.ListServicePrincipalsAsync(new ListServicePrincipalsRequest { Filter = $"displayName sw \"{prefix}\"" })).ServicePrincipals);
    }
}
