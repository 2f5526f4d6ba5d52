using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>
/// Tokens an admin issues for a service principal (Databricks' on-behalf-of API) or a user (Lakeplane's extension):
/// calls with them run as that principal, they die with it, and the store never holds them in clear.
/// </summary>
public abstract class OnBehalfOfTokenTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    private const string OnBehalfOf = "/api/2.0/token-management/on-behalf-of/tokens";

    protected TDaemon Daemon => daemon;

    /// <summary>Everything the store has written, as text.</summary>
    protected abstract Task<string> StoredTextAsync();

    [Fact]
    public async Task A_service_principal_token_runs_as_the_service_principal()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        using var http = daemon.Http();
        using var request = Identities.InWorkspace(HttpMethod.Post, OnBehalfOf, workspace.WorkspaceId,
            JsonContent.Create(new { application_id = servicePrincipal.ApplicationId, lifetime_seconds = 3600, comment = "ci" }));
        var created = await Expect.RestOkAsync(await http.SendAsync(request));
        var tokenValue = created.GetProperty("token_value").GetString()!;
        Assert.StartsWith("lpt_", tokenValue, StringComparison.Ordinal);
        var info = created.GetProperty("token_info");
        Assert.Equal("ci", info.GetProperty("comment").GetString());
        Assert.Equal(info.GetProperty("creation_time").GetInt64() + 3_600_000, info.GetProperty("expiry_time").GetInt64());
        Assert.Equal("admin", info.GetProperty("created_by").GetString());

        var principal = await daemon.Connect(tokenValue).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        Assert.Equal(servicePrincipal.Id, principal.PrincipalId);
        Assert.Equal("SERVICE_PRINCIPAL", principal.Kind);
        Assert.Equal(servicePrincipal.ApplicationId, principal.UserName);
        Assert.False(principal.AccountAdmin);
        using var asServicePrincipal = daemon.Http(tokenValue);
        var me = await Expect.RestOkAsync(await asServicePrincipal.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal(servicePrincipal.Id, me.GetProperty("id").GetString());
        Assert.Equal(servicePrincipal.ApplicationId, me.GetProperty("userName").GetString());
        await Expect.RestErrorAsync(await asServicePrincipal.GetAsync(daemon.AccountPath("workspaces")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await Expect.RestErrorAsync(await asServicePrincipal.PostAsJsonAsync("/api/2.0/preview/scim/v2/Groups", new { displayName = Unique.Name("g") }),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        // Its own token shows in its own token list, the admin's tokens do not.
        var own = await Expect.RestOkAsync(await asServicePrincipal.GetAsync("/api/2.0/token/list"));
        Assert.Equal(info.GetProperty("token_id").GetString(), Assert.Single(own.GetProperty("token_infos").EnumerateArray()).GetProperty("token_id").GetString());
    }

    [Fact]
    public async Task A_user_token_is_issued_by_user_name()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var user = await Identities.UserAsync(admin);
        using var http = daemon.Http();
        using var request = Identities.InWorkspace(HttpMethod.Post, OnBehalfOf, workspace.WorkspaceId, JsonContent.Create(new { user_name = user.UserName }));
        var created = await Expect.RestOkAsync(await http.SendAsync(request));
        Assert.Equal(-1, created.GetProperty("token_info").GetProperty("expiry_time").GetInt64());
        using var asUser = daemon.Http(created.GetProperty("token_value").GetString()!);
        var me = await Expect.RestOkAsync(await asUser.GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal(user.UserName, me.GetProperty("userName").GetString());
        // A workspace token works in its workspace only.
        var other = await Fixtures.WorkspaceAsync(admin);
        await Expect.RestErrorAsync(await asUser.GetAsync(new Uri(other.WorkspaceUrl).AbsolutePath + "/api/2.0/token/list"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Only_an_admin_issues_tokens_for_others_and_bad_requests_name_the_field()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var user = await Identities.UserAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var userToken = await Identities.TokenForUserAsync(admin, workspace.WorkspaceId, user);
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => daemon.Connect(userToken).Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId, ApplicationId = servicePrincipal.ApplicationId }));
        using var asUser = daemon.Http(userToken);
        await Expect.RestErrorAsync(await asUser.PostAsJsonAsync(OnBehalfOf, new { application_id = servicePrincipal.ApplicationId }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "application_id",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "application_id",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
            {
                WorkspaceId = workspace.WorkspaceId, ApplicationId = servicePrincipal.ApplicationId, UserName = user.UserName,
            }));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "application_id",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId, ApplicationId = Guid.NewGuid().ToString() }));
        // A user name is not an application id, and the other way round.
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "application_id",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId, ApplicationId = user.UserName }));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "user_name",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId, UserName = servicePrincipal.ApplicationId }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "lifetime_seconds",
            () => admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
            {
                WorkspaceId = workspace.WorkspaceId, ApplicationId = servicePrincipal.ApplicationId, LifetimeSeconds = -1,
            }));
        using var http = daemon.Http();
        var noWorkspace = await Expect.RestErrorAsync(await http.PostAsJsonAsync(OnBehalfOf, new { application_id = servicePrincipal.ApplicationId }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("X-Databricks-Org-Id", noWorkspace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_service_principal_revokes_its_tokens_in_every_workspace()
    {
        var admin = daemon.Connect();
        var first = await Fixtures.WorkspaceAsync(admin);
        var second = await Fixtures.WorkspaceAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var tokens = new[]
        {
            await Identities.TokenForServicePrincipalAsync(admin, first.WorkspaceId, servicePrincipal),
            await Identities.TokenForServicePrincipalAsync(admin, second.WorkspaceId, servicePrincipal),
        };
        foreach (var token in tokens)
        {
            await daemon.Connect(token).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
        }
        await admin.Identity.DeleteServicePrincipalAsync(new DeleteServicePrincipalRequest { Id = servicePrincipal.Id });
        foreach (var token in tokens)
        {
            await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
                () => daemon.Connect(token).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
        }
        Assert.Empty((await admin.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = first.WorkspaceId })).TokenInfos);
        Assert.Empty((await admin.Identity.ListTokensAsync(new ListTokensRequest { WorkspaceId = second.WorkspaceId })).TokenInfos);
        // A new service principal with a token of its own is not affected by that.
        var survivor = await Identities.ServicePrincipalAsync(admin);
        var survivorToken = await Identities.TokenForServicePrincipalAsync(admin, first.WorkspaceId, survivor);
        Assert.Equal(survivor.Id, (await daemon.Connect(survivorToken).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest())).PrincipalId);
    }

    [Fact]
    public async Task A_retried_issue_reissues_the_same_token_and_no_value_is_stored()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var request = new CreateTokenOnBehalfOfRequest { WorkspaceId = workspace.WorkspaceId, ApplicationId = servicePrincipal.ApplicationId, RequestId = Unique.RequestId() };
        var first = await admin.Identity.CreateTokenOnBehalfOfAsync(request);
        var retry = await admin.Identity.CreateTokenOnBehalfOfAsync(request);
        Assert.Equal(first.TokenInfo, retry.TokenInfo);
        Assert.NotEqual(first.TokenValue, retry.TokenValue);
        await Expect.RpcErrorAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", null,
            () => daemon.Connect(first.TokenValue).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest()));
        Assert.Equal(servicePrincipal.Id, (await daemon.Connect(retry.TokenValue).Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest())).PrincipalId);

        var user = await Identities.UserAsync(admin);
        var userToken = await Identities.TokenForUserAsync(admin, workspace.WorkspaceId, user);
        var stored = await StoredTextAsync();
        Assert.Contains(first.TokenInfo.TokenId, stored, StringComparison.Ordinal);
        foreach (var secret in new[] { first.TokenValue, retry.TokenValue, userToken })
        {
            Assert.DoesNotContain(secret["lpt_".Length..], stored, StringComparison.Ordinal);
        }
    }
}

public sealed class OnBehalfOfTokenTestsOnSqlite(DaemonFixture daemon) : OnBehalfOfTokenTests<DaemonFixture>(daemon)
{
    protected override async Task<string> StoredTextAsync()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(Daemon.DataDirectory, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "env"))
        {
            // The database and its WAL may be written concurrently: read with sharing.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }
        return text.ToString();
    }
}

public sealed class OnBehalfOfTokenTestsOnPostgres(PostgresDaemonFixture daemon) : OnBehalfOfTokenTests<PostgresDaemonFixture>(daemon)
{
    protected override Task<string> StoredTextAsync() => Daemon.DumpAllRowsAsync();
}
