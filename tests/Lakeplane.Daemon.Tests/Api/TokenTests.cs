using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Workspace tokens: issued once, listed without their value, revoked, and gone with their workspace.</summary>
public abstract class TokenTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task A_token_is_shown_once_and_listed_without_its_value()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var created = await admin.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, Comment = "ci", LifetimeSeconds = 3600 });
        Assert.StartsWith("lpt_", created.TokenValue, StringComparison.Ordinal);
        Assert.Equal("ci", created.TokenInfo.Comment);
        Assert.Equal(workspace.WorkspaceId, created.TokenInfo.WorkspaceId);
        Assert.Equal(created.TokenInfo.CreationTime + 3_600_000, created.TokenInfo.ExpiryTime);

        var info = await admin.Identity.GetTokenAsync(new GetTokenRequest { WorkspaceId = workspace.WorkspaceId, TokenId = created.TokenInfo.TokenId });
        Assert.Equal(created.TokenInfo, info);
        var list = await admin.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = workspace.WorkspaceId });
        Assert.Contains(list.TokenInfos, t => t.TokenId == created.TokenInfo.TokenId);
        Assert.DoesNotContain(created.TokenValue, list.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_create_reissues_the_same_token_with_a_new_value()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var request = new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, RequestId = Unique.RequestId() };
        var first = await admin.Identity.CreateTokenAsync(request);
        // As if the first answer had been lost on the way: the client retries with the same request id.
        var retry = await admin.Identity.CreateTokenAsync(request);
        Assert.Equal(first.TokenInfo, retry.TokenInfo);
        Assert.StartsWith("lpt_", retry.TokenValue, StringComparison.Ordinal);
        Assert.NotEqual(first.TokenValue, retry.TokenValue);
        Assert.Single((await admin.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = workspace.WorkspaceId })).TokenInfos);

        Assert.Equal(workspace.WorkspaceId, (await daemon.Connect(retry.TokenValue).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest())).WorkspaceId);
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => daemon.Connect(first.TokenValue).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
    }

    [Fact]
    public async Task A_deleted_token_stops_working()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var created = await Fixtures.WorkspaceTokenAsync(admin, workspace.WorkspaceId);
        var scoped = daemon.Connect(created.TokenValue);
        await scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());

        await scoped.Identity.DeleteTokenAsync(new DeleteTokenRequest { WorkspaceId = workspace.WorkspaceId, TokenId = created.TokenInfo.TokenId });
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null, () => scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "token_id",
            () => admin.Identity.DeleteTokenAsync(new DeleteTokenRequest { WorkspaceId = workspace.WorkspaceId, TokenId = created.TokenInfo.TokenId }));
    }

    [Fact]
    public async Task Deleting_the_workspace_revokes_its_tokens()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var scoped = daemon.Connect((await Fixtures.WorkspaceTokenAsync(admin, workspace.WorkspaceId)).TokenValue);
        await admin.Account.DeleteWorkspaceAsync(new DeleteWorkspaceRequest { WorkspaceId = workspace.WorkspaceId });
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null, () => scoped.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
    }

    [Fact]
    public async Task Bad_token_requests_name_the_field()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "lifetime_seconds",
            () => admin.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, LifetimeSeconds = -5 }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "comment",
            () => admin.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, Comment = new string('c', 1001) }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "workspace_id",
            () => admin.Identity.CreateTokenAsync(new CreateTokenRequest()));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "workspace_id",
            () => admin.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = 123_456_789 }));
    }

    [Fact]
    public async Task Rest_token_api_routes_by_workspace_token_or_org_id_header()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var orgId = workspace.WorkspaceId.ToString(CultureInfo.InvariantCulture);

        using var adminHttp = daemon.Http();
        var noHeader = await Expect.RestErrorAsync(await adminHttp.PostAsJsonAsync("/api/2.0/token/create", new { comment = "no header" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("X-Databricks-Org-Id", noHeader, StringComparison.Ordinal);
        using var badHeader = new HttpRequestMessage(HttpMethod.Get, "/api/2.0/token/list");
        badHeader.Headers.Add("X-Databricks-Org-Id", "not-a-number");
        await Expect.RestErrorAsync(await adminHttp.SendAsync(badHeader), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/token/create") { Content = JsonContent.Create(new { comment = "rest", lifetime_seconds = 600 }) };
        create.Headers.Add("X-Databricks-Org-Id", orgId);
        var created = await Expect.RestOkAsync(await adminHttp.SendAsync(create));
        var tokenValue = created.GetProperty("token_value").GetString()!;
        var tokenId = created.GetProperty("token_info").GetProperty("token_id").GetString()!;
        Assert.Equal("rest", created.GetProperty("token_info").GetProperty("comment").GetString());

        using var scopedHttp = daemon.Http(tokenValue);
        var me = await Expect.RestOkAsync(await scopedHttp.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal("admin", me.GetProperty("userName").GetString());
        var list = await Expect.RestOkAsync(await scopedHttp.GetAsync("/api/2.0/token/list"));
        Assert.Contains(list.GetProperty("token_infos").EnumerateArray(), t => t.GetProperty("token_id").GetString() == tokenId);
        Assert.DoesNotContain(tokenValue, list.ToString(), StringComparison.Ordinal);

        await Expect.RestOkAsync(await scopedHttp.PostAsJsonAsync("/api/2.0/token/delete", new { token_id = tokenId }));
        await Expect.RestErrorAsync(await scopedHttp.GetAsync("/api/2.0/token/list"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task The_workspace_url_hosts_the_workspace_apis()
    {
        var admin = daemon.Connect();
        var mine = await Fixtures.WorkspaceAsync(admin);
        var theirs = await Fixtures.WorkspaceAsync(admin);
        var created = await Fixtures.WorkspaceTokenAsync(admin, mine.WorkspaceId);
        var myUrl = new Uri(mine.WorkspaceUrl).AbsolutePath;
        var theirUrl = new Uri(theirs.WorkspaceUrl).AbsolutePath;

        using var adminHttp = daemon.Http();
        var listed = await Expect.RestOkAsync(await adminHttp.GetAsync(myUrl + "/api/2.0/token/list"));
        Assert.Contains(listed.GetProperty("token_infos").EnumerateArray(), t => t.GetProperty("token_id").GetString() == created.TokenInfo.TokenId);
        await Expect.RestErrorAsync(await adminHttp.GetAsync("/w/no-such-deployment/api/2.0/token/list"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        using var scopedHttp = daemon.Http(created.TokenValue);
        await Expect.RestOkAsync(await scopedHttp.GetAsync(myUrl + "/api/2.0/token/list"));
        await Expect.RestOkAsync(await scopedHttp.GetAsync(myUrl + "/api/2.0/preview/scim/v2/Me"));
        // Another workspace's URL and a URL of no workspace are denied alike: nothing to learn by probing.
        await Expect.RestErrorAsync(await scopedHttp.GetAsync(theirUrl + "/api/2.0/token/list"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await Expect.RestErrorAsync(await scopedHttp.GetAsync("/w/no-such-deployment/api/2.0/token/list"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }
}

public sealed class TokenTestsOnSqlite(DaemonFixture daemon) : TokenTests<DaemonFixture>(daemon);

public sealed class TokenTestsOnPostgres(PostgresDaemonFixture daemon) : TokenTests<PostgresDaemonFixture>(daemon);
