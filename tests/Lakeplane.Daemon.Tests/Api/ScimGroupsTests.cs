using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Groups over SCIM and gRPC: members of every kind, nesting, cycles refused, memberships gone with the group.</summary>
public abstract class ScimGroupsTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    private const string Groups = "/api/2.0/preview/scim/v2/Groups";

    [Fact]
    public async Task A_group_holds_users_service_principals_and_groups_and_they_show_their_groups()
    {
        var admin = daemon.Connect();
        var user = await Identities.UserAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var inner = await Identities.GroupAsync(admin);
        using var http = daemon.Http();
        var displayName = Unique.Name("engineers");
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync(Groups, new
        {
            schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:Group" },
            displayName,
            members = new[] { new { value = user.Id }, new { value = servicePrincipal.Id }, new { value = inner.Id } },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(displayName, created.GetProperty("displayName").GetString());
        var members = created.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("value").GetString()!, m => m);
        Assert.Equal(user.UserName, members[user.Id].GetProperty("display").GetString());
        Assert.Equal("Users/" + user.Id, members[user.Id].GetProperty("$ref").GetString());
        Assert.Equal("ServicePrincipals/" + servicePrincipal.Id, members[servicePrincipal.Id].GetProperty("$ref").GetString());
        Assert.Equal(inner.DisplayName, members[inner.Id].GetProperty("display").GetString());

        var userGroups = (await admin.Identity.GetUserAsync(new GetUserRequest { Id = user.Id })).Groups;
        Assert.Equal(displayName, Assert.Single(userGroups).DisplayName);
        using var scimUser = await http.GetAsync($"/api/2.0/preview/scim/v2/Users/{user.Id}");
        Assert.Equal(id, (await Expect.RestOkAsync(scimUser)).GetProperty("groups")[0].GetProperty("value").GetString());
        Assert.Equal(id, Assert.Single((await admin.Identity.GetServicePrincipalAsync(new GetServicePrincipalRequest { Id = servicePrincipal.Id })).Groups).GroupId);
        Assert.Equal(id, Assert.Single((await admin.Identity.GetGroupAsync(new GetGroupRequest { Id = inner.Id })).Groups).GroupId);

        var filtered = await Expect.RestOkAsync(await http.GetAsync($"{Groups}?filter={Uri.EscapeDataString($"displayName eq \"{displayName}\"")}"));
        Assert.Equal(1, filtered.GetProperty("totalResults").GetInt32());
        Assert.Equal(id, filtered.GetProperty("Resources")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Members_are_patched_in_every_scim_form()
    {
        var admin = daemon.Connect();
        var alice = await Identities.UserAsync(admin);
        var bob = await Identities.UserAsync(admin);
        var carol = await Identities.UserAsync(admin);
        var group = await Identities.GroupAsync(admin);
        using var http = daemon.Http();
        var path = $"{Groups}/{group.Id}";

        async Task<IReadOnlyList<string>> PatchAsync(params object[] operations)
        {
            var patched = await Expect.RestOkAsync(await http.PatchAsJsonAsync(path, new
            {
                schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" },
                Operations = operations,
            }));
            return patched.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()!).Order().ToList();
        }

        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), await PatchAsync(new { op = "add", path = "members", value = new[] { new { value = alice.Id }, new { value = bob.Id } } }));
        // Adding a member again changes nothing.
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), await PatchAsync(new { op = "add", value = new { members = new[] { new { value = alice.Id } } } }));
        Assert.Equal(new[] { bob.Id }, await PatchAsync(new { op = "remove", path = $"members[value eq \"{alice.Id}\"]" }));
        Assert.Equal(new[] { carol.Id }, await PatchAsync(new { op = "replace", path = "members", value = new[] { new { value = carol.Id } } }));
        Assert.Empty(await PatchAsync(new { op = "remove", path = "members", value = new[] { new { value = carol.Id } } }));
        Assert.Empty((await admin.Identity.GetUserAsync(new GetUserRequest { Id = carol.Id })).Groups);

        var unknown = await Expect.RestErrorAsync(
            await http.PatchAsJsonAsync(path, new { Operations = new[] { new { op = "add", path = "members", value = new[] { new { value = "no-such-id" } } } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("members", unknown, StringComparison.Ordinal);
        Assert.Contains("no-such-id", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_groups_refuse_a_cycle_and_name_it()
    {
        var admin = daemon.Connect();
        var bottom = await Identities.GroupAsync(admin);
        var middle = await Identities.GroupAsync(admin, bottom.Id);
        var top = await Identities.GroupAsync(admin, middle.Id);

        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "members",
            () => admin.Identity.AddGroupMemberAsync(new GroupMembershipRequest { GroupId = bottom.Id, MemberId = top.Id }));
        Assert.Contains($"'{bottom.DisplayName}' -> '{middle.DisplayName}' -> '{top.DisplayName}' -> '{bottom.DisplayName}'", detail.Message, StringComparison.Ordinal);
        var self = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "members",
            () => admin.Identity.AddGroupMemberAsync(new GroupMembershipRequest { GroupId = middle.Id, MemberId = middle.Id }));
        Assert.Contains("cycle", self.Message, StringComparison.Ordinal);

        using var http = daemon.Http();
        var rest = await Expect.RestErrorAsync(
            await http.PatchAsJsonAsync($"{Groups}/{middle.Id}", new { Operations = new[] { new { op = "add", path = "members", value = new[] { new { value = top.Id } } } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("cycle", rest, StringComparison.Ordinal);
        // Nothing was half-written: the memberships are as before.
        Assert.Empty((await admin.Identity.GetGroupAsync(new GetGroupRequest { Id = top.Id })).Groups);
        Assert.Equal(middle.Id, Assert.Single((await admin.Identity.GetGroupAsync(new GetGroupRequest { Id = bottom.Id })).Groups).GroupId);
    }

    [Fact]
    public async Task Deleting_a_group_ends_its_memberships_both_ways()
    {
        var admin = daemon.Connect();
        var user = await Identities.UserAsync(admin);
        var group = await Identities.GroupAsync(admin, user.Id);
        var parent = await Identities.GroupAsync(admin, group.Id);

        using var http = daemon.Http();
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Groups}/{group.Id}")).StatusCode);
        Assert.Empty((await admin.Identity.GetUserAsync(new GetUserRequest { Id = user.Id })).Groups);
        Assert.Empty((await admin.Identity.GetGroupAsync(new GetGroupRequest { Id = parent.Id })).Members);
        await Expect.RestErrorAsync(await http.GetAsync($"{Groups}/{group.Id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        // The user and the parent group remain, and the name is free again.
        await admin.Identity.CreateGroupAsync(new CreateGroupRequest { DisplayName = group.DisplayName });
    }

    [Fact]
    public async Task Group_names_are_unique_and_required()
    {
        var admin = daemon.Connect();
        var group = await Identities.GroupAsync(admin);
        var user = await Identities.UserAsync(admin);
        using var http = daemon.Http();
        var duplicate = await Expect.RestErrorAsync(await http.PostAsJsonAsync(Groups, new { displayName = group.DisplayName }), HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains("displayName", duplicate, StringComparison.Ordinal);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "display_name",
            () => admin.Identity.CreateGroupAsync(new CreateGroupRequest { DisplayName = user.UserName }));
        var missing = await Expect.RestErrorAsync(await http.PostAsJsonAsync(Groups, new { members = Array.Empty<object>() }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("displayName", missing, StringComparison.Ordinal);
        var other = await Identities.GroupAsync(admin);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "display_name",
            () => admin.Identity.UpdateGroupAsync(new UpdateGroupRequest { Id = other.Id, DisplayName = group.DisplayName }));
    }

    [Fact]
    public async Task Group_members_over_grpc_are_idempotent_and_put_replaces_them()
    {
        var admin = daemon.Connect();
        var user = await Identities.UserAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var group = await Identities.GroupAsync(admin);
        var add = new GroupMembershipRequest { GroupId = group.Id, MemberId = user.Id, RequestId = Unique.RequestId() };
        var added = await admin.Identity.AddGroupMemberAsync(add);
        Assert.Equal(added, await admin.Identity.AddGroupMemberAsync(add));
        Assert.Equal("USER", Assert.Single(added.Members).Kind);
        await admin.Identity.AddGroupMemberAsync(new GroupMembershipRequest { GroupId = group.Id, MemberId = user.Id });
        Assert.Single((await admin.Identity.GetGroupAsync(new GetGroupRequest { Id = group.Id })).Members);

        using var http = daemon.Http();
        var replaced = await Expect.RestOkAsync(await http.PutAsJsonAsync($"{Groups}/{group.Id}", new { displayName = group.DisplayName, members = new[] { new { value = servicePrincipal.Id } } }));
        Assert.Equal(servicePrincipal.Id, Assert.Single(replaced.GetProperty("members").EnumerateArray()).GetProperty("value").GetString());

        var removed = await admin.Identity.RemoveGroupMemberAsync(new GroupMembershipRequest { GroupId = group.Id, MemberId = servicePrincipal.Id });
        Assert.Empty(removed.Members);
        // Removing a member that is not there changes nothing and succeeds (what a destroy after drift needs).
        Assert.Empty((await admin.Identity.RemoveGroupMemberAsync(new GroupMembershipRequest { GroupId = group.Id, MemberId = servicePrincipal.Id })).Members);
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "group_id",
            () => admin.Identity.AddGroupMemberAsync(new GroupMembershipRequest { GroupId = Guid.NewGuid().ToString(), MemberId = user.Id }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "member_id",
            () => admin.Identity.AddGroupMemberAsync(new GroupMembershipRequest { GroupId = group.Id }));
    }

    [Fact]
    public async Task Groups_are_paged_with_a_total()
    {
        var admin = daemon.Connect();
        for (var i = 0; i < 3; i++)
        {
            await Identities.GroupAsync(admin);
        }
        using var http = daemon.Http();
        var all = await Expect.RestOkAsync(await http.GetAsync(Groups));
        var total = all.GetProperty("totalResults").GetInt32();
        Assert.True(total >= 3);
        var page = await Expect.RestOkAsync(await http.GetAsync($"{Groups}?startIndex=2&count=2"));
        Assert.Equal(total, page.GetProperty("totalResults").GetInt32());
        Assert.Equal(2, page.GetProperty("Resources").GetArrayLength());
        Assert.Equal(all.GetProperty("Resources")[1].GetProperty("id").GetString(), page.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, page.GetProperty("schemas").ValueKind);
    }
}

public sealed class ScimGroupsTestsOnSqlite(DaemonFixture daemon) : ScimGroupsTests<DaemonFixture>(daemon);

public sealed class ScimGroupsTestsOnPostgres(PostgresDaemonFixture daemon) : ScimGroupsTests<PostgresDaemonFixture>(daemon);
