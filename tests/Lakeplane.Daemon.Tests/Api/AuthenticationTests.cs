using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Every call but health needs a valid bearer token; a workspace token reaches only its own workspace.</summary>
public abstract class AuthenticationTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Theory]
    [InlineData("")]
    [InlineData("lpt_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not-a-token")]
    public async Task Rest_without_a_valid_token_is_401(string token)
    {
        using var http = daemon.Http(token);
        var response = await http.GetAsync(daemon.AccountPath("workspaces"));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var message = await Expect.RestErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.DoesNotContain(daemon.AdminToken, message, StringComparison.Ordinal);
        await Expect.RestErrorAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await Expect.RestErrorAsync(await http.GetAsync("/api/2.0/token/list"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Rest_with_a_non_bearer_scheme_is_401()
    {
        using var http = daemon.Http("");
        using var request = new HttpRequestMessage(HttpMethod.Get, daemon.AccountPath("credentials"));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + daemon.AdminToken);
        await Expect.RestErrorAsync(await http.SendAsync(request), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Theory]
    [InlineData("lpt_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    public async Task Grpc_with_an_unknown_token_is_unauthenticated(string token)
    {
        var lakeplane = daemon.Connect(token);
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => lakeplane.Account.ListWorkspacesAsync(new ListWorkspacesRequest { AccountId = daemon.AccountId }));
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => lakeplane.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
    }

    [Fact]
    public async Task Grpc_without_a_token_is_unauthenticated()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(daemon.BaseUrl);
        var client = new AccountService.AccountServiceClient(channel);
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => client.ListCredentialsAsync(new ListCredentialsRequest { AccountId = daemon.AccountId }));
    }

    [Fact]
    public async Task The_admin_is_the_current_principal()
    {
        var principal = await daemon.Connect().Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        Assert.Equal("admin", principal.UserName);
        Assert.Equal("ACCOUNT_ADMIN", principal.Kind);
        Assert.True(principal.AccountAdmin);
        Assert.Equal(daemon.AccountId, principal.AccountId);
        Assert.Equal(0, principal.WorkspaceId);

        using var http = daemon.Http();
        var me = await Expect.RestOkAsync(await http.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal("admin", me.GetProperty("userName").GetString());
        Assert.Equal(principal.PrincipalId, me.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_workspace_token_cannot_call_account_apis()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var token = (await Fixtures.WorkspaceTokenAsync(admin, workspace.WorkspaceId)).TokenValue;
        var scoped = daemon.Connect(token);

        var principal = await scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        Assert.Equal(workspace.WorkspaceId, principal.WorkspaceId);
        Assert.False(principal.AccountAdmin);

        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Account.ListWorkspacesAsync(new ListWorkspacesRequest { AccountId = daemon.AccountId }));
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Account.GetWorkspaceAsync(new GetWorkspaceRequest { AccountId = daemon.AccountId, WorkspaceId = workspace.WorkspaceId }));
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Account.CreateCredentialsAsync(new CreateCredentialsRequest { AccountId = daemon.AccountId, CredentialsName = Unique.Name("c"), RoleArn = Fixtures.RoleArn }));

        using var http = daemon.Http(token);
        var message = await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath("credentials")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.DoesNotContain(token, message, StringComparison.Ordinal);
        await Expect.RestErrorAsync(await http.PostAsJsonAsync(daemon.AccountPath("workspaces"), new { workspace_name = "x" }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task A_workspace_token_cannot_reach_another_workspace()
    {
        var admin = daemon.Connect();
        var mine = await Fixtures.WorkspaceAsync(admin);
        var theirs = await Fixtures.WorkspaceAsync(admin);
        var theirToken = await Fixtures.WorkspaceTokenAsync(admin, theirs.WorkspaceId);
        var scoped = daemon.Connect((await Fixtures.WorkspaceTokenAsync(admin, mine.WorkspaceId)).TokenValue);

        var denied = await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = theirs.WorkspaceId }));
        Assert.DoesNotContain(theirs.WorkspaceName, denied.Message, StringComparison.Ordinal);
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = theirs.WorkspaceId }));
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Identity.DeleteTokenAsync(new DeleteTokenRequest { WorkspaceId = theirs.WorkspaceId, TokenId = theirToken.TokenInfo.TokenId }));
        // A workspace that does not exist is denied the same way: nothing to learn by probing.
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = 999_999_999 }));

        using var http = daemon.Http((await Fixtures.WorkspaceTokenAsync(admin, mine.WorkspaceId)).TokenValue);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/2.0/token/list");
        request.Headers.Add("X-Databricks-Org-Id", theirs.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect.RestErrorAsync(await http.SendAsync(request), HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        // The other workspace's token still works: nothing was changed by the denied calls.
        var theirs2 = daemon.Connect(theirToken.TokenValue);
        Assert.Equal(theirs.WorkspaceId, (await theirs2.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest())).WorkspaceId);
    }

    [Fact]
    public async Task An_account_id_other_than_the_tokens_is_denied()
    {
        var lakeplane = daemon.Connect();
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => lakeplane.Account.ListCredentialsAsync(new ListCredentialsRequest { AccountId = Guid.NewGuid().ToString() }));
        using var http = daemon.Http();
        await Expect.RestErrorAsync(await http.GetAsync($"/api/2.0/accounts/{Guid.NewGuid()}/workspaces"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var created = await admin.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, LifetimeSeconds = 1 });
        var scoped = daemon.Connect(created.TokenValue);
        await scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        var detail = await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
        Assert.Contains("expired", detail.Message, StringComparison.Ordinal);
    }
}

public sealed class AuthenticationTestsOnSqlite(DaemonFixture daemon) : AuthenticationTests<DaemonFixture>(daemon);

public sealed class AuthenticationTestsOnPostgres(PostgresDaemonFixture daemon) : AuthenticationTests<PostgresDaemonFixture>(daemon);
