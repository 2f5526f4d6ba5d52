using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Workspace-level identity over REST: the token API 2.0, token management on behalf of others, and SCIM Me. The workspace is the one a
/// workspace token is bound to, or for an account admin the X-Databricks-Org-Id header (as the
/// Databricks SDK's unified host sends it).
/// </summary>
public static class IdentityRestEndpoints
{
    public const string WorkspaceHeader = "X-Databricks-Org-Id";

    public static void Map(IEndpointRouteBuilder app)
    {
        var json = RestJsonContext.Default;

        app.MapPost("/api/2.0/token/create", async (HttpContext http, TokenService tokens) =>
        {
            var caller = await RestCall.CallerAsync(http);
            var body = await RestCall.ReadBodyAsync(http, json.TokenCreateJson);
            var created = await tokens.CreateAsync(caller, new CreateTokenRequest
            {
                WorkspaceId = await TargetWorkspaceAsync(http, caller),
                Comment = body.Comment ?? "",
                LifetimeSeconds = body.LifetimeSeconds ?? 0,
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new TokenCreatedJson { TokenValue = created.TokenValue, TokenInfo = ToJson(created.TokenInfo) }, json.TokenCreatedJson);
        });
        app.MapGet("/api/2.0/token/list", async (HttpContext http, TokenService tokens) =>
        {
            var caller = await RestCall.CallerAsync(http);
            var infos = await tokens.ListAsync(caller, new ListTokensRequest { WorkspaceId = await TargetWorkspaceAsync(http, caller) }, http.RequestAborted);
            return RestCall.Json(http, new TokenListJson { TokenInfos = infos.Select(ToJson).ToList() }, json.TokenListJson);
        });
        app.MapPost("/api/2.0/token/delete", async (HttpContext http, TokenService tokens) =>
        {
            var caller = await RestCall.CallerAsync(http);
            var body = await RestCall.ReadBodyAsync(http, json.TokenDeleteJson);
            await tokens.DeleteAsync(caller, new DeleteTokenRequest
            {
                WorkspaceId = await TargetWorkspaceAsync(http, caller),
                TokenId = body.TokenId ?? "",
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new EmptyJson(), json.EmptyJson);
        });
        // Databricks' token management API: an admin issues a token owned by a service principal (application_id). Lakeplane
        // also accepts user_name instead, its extension for users, who have no interactive sign-in here.
        app.MapPost("/api/2.0/token-management/on-behalf-of/tokens", async (HttpContext http, TokenService tokens) =>
        {
            var caller = await RestCall.CallerAsync(http);
            var body = await RestCall.ReadBodyAsync(http, TokenManagementJsonContext.Default.OnBehalfOfTokenJson);
            var created = await tokens.CreateOnBehalfOfAsync(caller, new CreateTokenOnBehalfOfRequest
            {
                WorkspaceId = await TargetWorkspaceAsync(http, caller),
                ApplicationId = body.ApplicationId ?? "",
                UserName = body.UserName ?? "",
                Comment = body.Comment ?? "",
                LifetimeSeconds = body.LifetimeSeconds ?? 0,
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new TokenCreatedJson { TokenValue = created.TokenValue, TokenInfo = ToJson(created.TokenInfo) }, json.TokenCreatedJson);
        });
        // The caller as a SCIM user, with its groups and entitlements; a service principal shows as a user named by its
        // application id, as Databricks shows one.
        app.MapGet("/api/2.0/preview/scim/v2/Me", async (HttpContext http, UserService users, ServicePrincipalService servicePrincipals) =>
        {
            var caller = await RestCall.CallerAsync(http);
            User me;
            if (caller.Kind == PrincipalKinds.ServicePrincipal)
            {
                var servicePrincipal = await servicePrincipals.GetAsync(caller, new GetServicePrincipalRequest { Id = caller.PrincipalId }, http.RequestAborted);
                me = new User
                {
                    Id = servicePrincipal.Id, UserName = servicePrincipal.ApplicationId, DisplayName = servicePrincipal.DisplayName, Active = servicePrincipal.Active,
                    Entitlements = { servicePrincipal.Entitlements }, Groups = { servicePrincipal.Groups }, Version = servicePrincipal.Version,
                };
            }
            else
            {
                me = await users.GetAsync(caller, new GetUserRequest { Id = caller.PrincipalId }, http.RequestAborted);
            }
            return RestCall.Json(http, ScimMapping.ToScim(me), ScimJsonContext.Default.ScimUser);
        });
    }

    private static Task<long> TargetWorkspaceAsync(HttpContext http, AuthenticatedPrincipal caller) => WorkspaceTarget.ResolveAsync(http, caller);

    private static TokenInfoJson ToJson(TokenInfo info) => new()
    {
        TokenId = info.TokenId,
        Comment = info.Comment,
        CreationTime = info.CreationTime,
        ExpiryTime = info.ExpiryTime,
        CreatedBy = info.CreatedBy,
        WorkspaceId = info.WorkspaceId,
    };
}
