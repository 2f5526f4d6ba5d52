using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Users over SCIM 2.0 (REST) and gRPC: CRUD, filters, paging, uniqueness, the bootstrap admin, and who may change them.</summary>
public abstract class ScimUsersTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    private const string Users = "/api/2.0/preview/scim/v2/Users";

    [Fact]
    public async Task A_user_is_created_read_replaced_patched_and_deleted_over_scim()
    {
        using var http = daemon.Http();
        var userName = Unique.Name("alice") + "@example.com";
        var createdResponse = await http.PostAsJsonAsync(Users, new
        {
            schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" },
            userName,
            displayName = "Alice",
            entitlements = new[] { new { value = "allow-cluster-create" } },
        });
        Assert.Equal("\"1\"", createdResponse.Headers.ETag?.Tag);
        var created = await Expect.RestOkAsync(createdResponse, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:User", created.GetProperty("schemas")[0].GetString());
        Assert.Equal(userName, created.GetProperty("userName").GetString());
        Assert.Equal("Alice", created.GetProperty("displayName").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal("allow-cluster-create", created.GetProperty("entitlements")[0].GetProperty("value").GetString());
        Assert.Equal(userName, created.GetProperty("emails")[0].GetProperty("value").GetString());

        var read = await Expect.RestOkAsync(await http.GetAsync($"{Users}/{id}"));
        Assert.Equal(userName, read.GetProperty("userName").GetString());

        var replaced = await Expect.RestOkAsync(await http.PutAsJsonAsync($"{Users}/{id}", new { userName, displayName = "Alice Liddell", active = true }));
        Assert.Equal("Alice Liddell", replaced.GetProperty("displayName").GetString());
        Assert.False(replaced.TryGetProperty("entitlements", out _), "PUT replaces: entitlements left out are removed");

        var patched = await Expect.RestOkAsync(await http.PatchAsJsonAsync($"{Users}/{id}", new
        {
            schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" },
            Operations = new object[]
            {
                new { op = "replace", path = "active", value = false },
                new { op = "add", path = "entitlements", value = new[] { new { value = "databricks-sql-access" } } },
                new { op = "Replace", value = new { displayName = "A. Liddell" } },
            },
        }));
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("A. Liddell", patched.GetProperty("displayName").GetString());
        Assert.Equal("databricks-sql-access", patched.GetProperty("entitlements")[0].GetProperty("value").GetString());

        using (var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Users}/{id}"))
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await Expect.RestErrorAsync(await http.SendAsync(stale), HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        }
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Users}/{id}")).StatusCode);
        await Expect.RestErrorAsync(await http.GetAsync($"{Users}/{id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Users_are_filtered_and_paged()
    {
        using var http = daemon.Http();
        var prefix = Unique.Name("pager");
        var names = new[] { prefix + "-a@example.com", prefix + "-b@example.com", prefix + "-c@example.com" };
        foreach (var name in names)
        {
            await Expect.RestOkAsync(await http.PostAsJsonAsync(Users, new { userName = name }), HttpStatusCode.Created);
        }

        var exact = await Expect.RestOkAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString($"userName eq \"{names[1]}\"")}"));
        Assert.Equal(1, exact.GetProperty("totalResults").GetInt32());
        Assert.Equal(names[1], exact.GetProperty("Resources")[0].GetProperty("userName").GetString());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", exact.GetProperty("schemas")[0].GetString());

        var none = await Expect.RestOkAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString("userName eq \"nobody@example.com\"")}"));
        Assert.Equal(0, none.GetProperty("totalResults").GetInt32());

        var page = await Expect.RestOkAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString($"userName sw \"{prefix}\"")}&startIndex=2&count=1"));
        Assert.Equal(3, page.GetProperty("totalResults").GetInt32());
        Assert.Equal(2, page.GetProperty("startIndex").GetInt32());
        Assert.Equal(1, page.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(names[1], page.GetProperty("Resources")[0].GetProperty("userName").GetString());

        var lastPage = await Expect.RestOkAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString($"userName sw \"{prefix}\"")}&startIndex=3&count=10"));
        Assert.Equal(names[2], Assert.Single(lastPage.GetProperty("Resources").EnumerateArray()).GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Bad_user_input_is_400_naming_the_field()
    {
        using var http = daemon.Http();
        var missing = await Expect.RestErrorAsync(await http.PostAsJsonAsync(Users, new { displayName = "No Name" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("userName", missing, StringComparison.Ordinal);
        var spaces = await Expect.RestErrorAsync(await http.PostAsJsonAsync(Users, new { userName = " padded@example.com" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("userName", spaces, StringComparison.Ordinal);
        var entitlement = await Expect.RestErrorAsync(
            await http.PostAsJsonAsync(Users, new { userName = Unique.Name("u") + "@example.com", entitlements = new[] { new { value = "allow-everything" } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("entitlements", entitlement, StringComparison.Ordinal);
        Assert.Contains("allow-cluster-create", entitlement, StringComparison.Ordinal);
        var filter = await Expect.RestErrorAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString("userName = \"x\"")}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("filter", filter, StringComparison.Ordinal);
        var attribute = await Expect.RestErrorAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString("title eq \"x\"")}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("userName", attribute, StringComparison.Ordinal);
        var paging = await Expect.RestErrorAsync(await http.GetAsync($"{Users}?count=-1"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("count", paging, StringComparison.Ordinal);

        var user = await Identities.UserAsync(daemon.Connect());
        var op = await Expect.RestErrorAsync(await http.PatchAsJsonAsync($"{Users}/{user.Id}", new { Operations = new[] { new { op = "merge", path = "active", value = "false" } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Operations[0].op", op, StringComparison.Ordinal);
        var path = await Expect.RestErrorAsync(await http.PatchAsJsonAsync($"{Users}/{user.Id}", new { Operations = new[] { new { op = "replace", path = "title", value = "x" } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Operations[0].path", path, StringComparison.Ordinal);
        var body = await Expect.RestErrorAsync(await http.PatchAsync($"{Users}/{user.Id}", new StringContent("{\"Operations\": 7}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Operations", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_name_is_unique_in_the_account_and_across_groups_and_service_principals()
    {
        var admin = daemon.Connect();
        var user = await Identities.UserAsync(admin);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "user_name",
            () => admin.Identity.CreateUserAsync(new CreateUserRequest { UserName = user.UserName }));
        var group = await Identities.GroupAsync(admin);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "user_name",
            () => admin.Identity.CreateUserAsync(new CreateUserRequest { UserName = group.DisplayName }));
        var other = await Identities.UserAsync(admin);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "user_name",
            () => admin.Identity.UpdateUserAsync(new UpdateUserRequest { Id = other.Id, UserName = user.UserName }));
        using var http = daemon.Http();
        await Expect.RestErrorAsync(await http.PostAsJsonAsync(Users, new { userName = user.UserName }), HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task The_bootstrap_admin_is_a_user_that_cannot_be_deleted_or_deactivated()
    {
        using var http = daemon.Http();
        var listed = await Expect.RestOkAsync(await http.GetAsync($"{Users}?filter={Uri.EscapeDataString("userName eq \"admin\"")}"));
        var admin = listed.GetProperty("Resources")[0];
        var id = admin.GetProperty("id").GetString()!;
        Assert.Equal("account_admin", admin.GetProperty("roles")[0].GetProperty("value").GetString());
        await Expect.RestErrorAsync(await http.DeleteAsync($"{Users}/{id}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var deactivate = await Expect.RestErrorAsync(
            await http.PatchAsJsonAsync($"{Users}/{id}", new { Operations = new[] { new { op = "replace", path = "active", value = false } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("bootstrap account admin", deactivate, StringComparison.Ordinal);
        // Still the admin.
        var me = await Expect.RestOkAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal(id, me.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Users_over_grpc_are_idempotent_and_versioned()
    {
        var admin = daemon.Connect();
        var request = new CreateUserRequest { UserName = Unique.Name("grpc") + "@example.com", DisplayName = "Grpc", Active = true, RequestId = Unique.RequestId() };
        var first = await admin.Identity.CreateUserAsync(request);
        var retry = await admin.Identity.CreateUserAsync(request);
        Assert.Equal(first, retry);
        Assert.Equal(1, first.Version);
        Assert.Equal(daemon.AccountId, first.AccountId);

        var updated = await admin.Identity.UpdateUserAsync(new UpdateUserRequest { Id = first.Id, DisplayName = "Renamed", ExpectedVersion = 1 });
        Assert.Equal("Renamed", updated.DisplayName);
        Assert.Equal(request.UserName, updated.UserName);
        Assert.Equal(2, updated.Version);
        await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "expected_version",
            () => admin.Identity.UpdateUserAsync(new UpdateUserRequest { Id = first.Id, DisplayName = "Stale", ExpectedVersion = 1 }));

        var listed = await admin.Identity.ListUsersAsync(new ListUsersRequest { Filter = $"userName eq \"{request.UserName}\"" });
        Assert.Equal(updated, Assert.Single(listed.Users));
        await admin.Identity.DeleteUserAsync(new DeleteUserRequest { Id = first.Id });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "id", () => admin.Identity.GetUserAsync(new GetUserRequest { Id = first.Id }));

        // Each change was audited once (the retried create too), by who made it.
        var audit = new List<string>();
        for (long after = 0; ;)
        {
            var page = (await admin.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { AccountId = daemon.AccountId, AfterSequence = after, Limit = 1000 })).Entries;
            if (page.Count == 0)
            {
                break;
            }
            audit.AddRange(page.Where(entry => entry.ObjectId == first.Id).Select(entry => entry.Action));
            after = page[^1].Sequence;
        }
        Assert.Equal(["user.create", "user.update", "user.delete"], audit);
    }

    [Fact]
    public async Task A_user_reads_identities_but_cannot_change_them_nor_call_account_apis()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var user = await Identities.UserAsync(admin);
        var group = await Identities.GroupAsync(admin, user.Id);
        var token = await Identities.TokenForUserAsync(admin, workspace.WorkspaceId, user);

        using var http = daemon.Http(token);
        var me = await Expect.RestOkAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal(user.Id, me.GetProperty("id").GetString());
        Assert.Equal(user.UserName, me.GetProperty("userName").GetString());
        Assert.Equal(group.DisplayName, me.GetProperty("groups")[0].GetProperty("display").GetString());
        var principal = await daemon.Connect(token).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        Assert.Equal("USER", principal.Kind);
        Assert.False(principal.AccountAdmin);
        Assert.Equal(workspace.WorkspaceId, principal.WorkspaceId);

        await Expect.RestOkAsync(await http.GetAsync($"{Users}/{user.Id}"));
        await Expect.RestOkAsync(await http.GetAsync(Users));
        await Expect.RestErrorAsync(await http.PostAsJsonAsync(Users, new { userName = Unique.Name("x") + "@example.com" }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await Expect.RestErrorAsync(await http.DeleteAsync($"{Users}/{user.Id}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath("workspaces")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => daemon.Connect(token).Account.ListCredentialsAsync(new ListCredentialsRequest { AccountId = daemon.AccountId }));
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_and_a_deleted_one_loses_its_tokens()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var user = await Identities.UserAsync(admin);
        var token = await Identities.TokenForUserAsync(admin, workspace.WorkspaceId, user);
        using var http = daemon.Http(token);
        await Expect.RestOkAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"));

        await admin.Identity.UpdateUserAsync(new UpdateUserRequest { Id = user.Id, Active = false });
        var refused = await Expect.RestErrorAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("deactivated", refused, StringComparison.Ordinal);
        await admin.Identity.UpdateUserAsync(new UpdateUserRequest { Id = user.Id, Active = true });
        await Expect.RestOkAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"));

        await admin.Identity.DeleteUserAsync(new DeleteUserRequest { Id = user.Id });
        await Expect.RestErrorAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var tokens = await admin.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = workspace.WorkspaceId });
        Assert.Empty(tokens.TokenInfos);
    }

    [Fact]
    public async Task The_account_scim_path_serves_the_same_users()
    {
        var user = await Identities.UserAsync(daemon.Connect());
        using var http = daemon.Http();
        var read = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath($"scim/v2/Users/{user.Id}")));
        Assert.Equal(user.UserName, read.GetProperty("userName").GetString());
        await Expect.RestErrorAsync(await http.GetAsync($"/api/2.0/accounts/{Guid.NewGuid()}/scim/v2/Users/{user.Id}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }
}

public sealed class ScimUsersTestsOnSqlite(DaemonFixture daemon) : ScimUsersTests<DaemonFixture>(daemon);

public sealed class ScimUsersTestsOnPostgres(PostgresDaemonFixture daemon) : ScimUsersTests<PostgresDaemonFixture>(daemon);
