using System.Globalization;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// SCIM 2.0 over REST, in Databricks' shapes: the workspace path (/api/2.0/preview/scim/v2/...) and the account path
/// (/api/2.0/accounts/{account_id}/scim/v2/...) serve the same account-level identities. Authentication and translation
/// only; the services decide. ETag/If-Match carry versions, Idempotency-Key the request id.
/// </summary>
public static class ScimRestEndpoints
{
    private static readonly string[] UserSingleValued = ["userName", "displayName", "active", "externalId"];
    private static readonly string[] GroupSingleValued = ["displayName", "externalId"];
    private static readonly string[] ServicePrincipalSingleValued = ["displayName", "active", "externalId"];
    private static readonly string[] Entitlements = ["entitlements"];
    private static readonly string[] MembersAndEntitlements = ["members", "entitlements"];

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/2.0/preview/scim/v2", "/api/2.0/accounts/{account_id}/scim/v2" })
        {
            var scim = app.MapGroup(prefix);
            MapUsers(scim);
            MapGroups(scim);
            MapServicePrincipals(scim);
        }
    }

    private static void MapUsers(RouteGroupBuilder scim)
    {
        var json = ScimJsonContext.Default;
        scim.MapPost("/Users", async (HttpContext http, UserService users) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimUser);
            var created = await users.CreateAsync(await RestCall.CallerAsync(http), new CreateUserRequest
            {
                AccountId = AccountId(http),
                UserName = body.UserName ?? "",
                DisplayName = body.DisplayName ?? "",
                Active = body.Active ?? true,
                ExternalId = body.ExternalId ?? "",
                Entitlements = { ScimMapping.ValuesOf(body.Entitlements) },
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(created), json.ScimUser, created.Version, StatusCodes.Status201Created);
        });
        scim.MapGet("/Users", async (HttpContext http, UserService users) =>
        {
            var listed = await users.ListAsync(await RestCall.CallerAsync(http), new ListUsersRequest
            {
                AccountId = AccountId(http), Filter = Query(http, "filter"), StartIndex = QueryNumber(http, "startIndex"), Count = QueryNumber(http, "count"),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.Page(listed.Users.Select(ScimMapping.ToScim), listed.TotalResults, listed.StartIndex), json.ScimListResponseScimUser);
        });
        scim.MapGet("/Users/{id}", async (HttpContext http, string id, UserService users) =>
        {
            var found = await users.GetAsync(await RestCall.CallerAsync(http), new GetUserRequest { AccountId = AccountId(http), Id = id }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(found), json.ScimUser, found.Version);
        });
        scim.MapPut("/Users/{id}", async (HttpContext http, string id, UserService users) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimUser);
            var updated = await users.UpdateAsync(await RestCall.CallerAsync(http), new UpdateUserRequest
            {
                AccountId = AccountId(http),
                Id = id,
                UserName = body.UserName ?? "",
                DisplayName = body.DisplayName ?? "",
                Active = body.Active ?? true,
                ExternalId = body.ExternalId ?? "",
                Entitlements = ScimMapping.Replacement(body.Entitlements),
                ExpectedVersion = RestCall.ExpectedVersion(http),
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimUser, updated.Version);
        });
        scim.MapPatch("/Users/{id}", async (HttpContext http, string id, UserService users) =>
        {
            var patch = ScimPatch.Read(await RestCall.ReadBodyAsync(http, json.ScimPatchRequest), UserSingleValued, Entitlements);
            var request = new UpdateUserRequest
            {
                AccountId = AccountId(http), Id = id, Entitlements = patch.List("entitlements"),
                ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            };
            if (patch.Has("userName"))
            {
                request.UserName = patch.String("userName");
            }
            if (patch.Has("displayName"))
            {
                request.DisplayName = patch.String("displayName");
            }
            if (patch.Has("active"))
            {
                request.Active = patch.Bool("active");
            }
            if (patch.Has("externalId"))
            {
                request.ExternalId = patch.String("externalId");
            }
            var updated = await users.UpdateAsync(await RestCall.CallerAsync(http), request, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimUser, updated.Version);
        });
        scim.MapDelete("/Users/{id}", async (HttpContext http, string id, UserService users) =>
        {
            await users.DeleteAsync(await RestCall.CallerAsync(http), new DeleteUserRequest
            {
                AccountId = AccountId(http), Id = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static void MapGroups(RouteGroupBuilder scim)
    {
        var json = ScimJsonContext.Default;
        scim.MapPost("/Groups", async (HttpContext http, GroupService groups) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimGroup);
            var created = await groups.CreateAsync(await RestCall.CallerAsync(http), new CreateGroupRequest
            {
                AccountId = AccountId(http),
                DisplayName = body.DisplayName ?? "",
                ExternalId = body.ExternalId ?? "",
                Entitlements = { ScimMapping.ValuesOf(body.Entitlements) },
                MemberIds = { ScimMapping.ValuesOf(body.Members) },
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(created), json.ScimGroup, created.Version, StatusCodes.Status201Created);
        });
        scim.MapGet("/Groups", async (HttpContext http, GroupService groups) =>
        {
            var listed = await groups.ListAsync(await RestCall.CallerAsync(http), new ListGroupsRequest
            {
                AccountId = AccountId(http), Filter = Query(http, "filter"), StartIndex = QueryNumber(http, "startIndex"), Count = QueryNumber(http, "count"),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.Page(listed.Groups.Select(ScimMapping.ToScim), listed.TotalResults, listed.StartIndex), json.ScimListResponseScimGroup);
        });
        scim.MapGet("/Groups/{id}", async (HttpContext http, string id, GroupService groups) =>
        {
            var found = await groups.GetAsync(await RestCall.CallerAsync(http), new GetGroupRequest { AccountId = AccountId(http), Id = id }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(found), json.ScimGroup, found.Version);
        });
        scim.MapPut("/Groups/{id}", async (HttpContext http, string id, GroupService groups) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimGroup);
            var updated = await groups.UpdateAsync(await RestCall.CallerAsync(http), new UpdateGroupRequest
            {
                AccountId = AccountId(http),
                Id = id,
                DisplayName = body.DisplayName ?? "",
                ExternalId = body.ExternalId ?? "",
                Entitlements = ScimMapping.Replacement(body.Entitlements),
                Members = ScimMapping.Replacement(body.Members),
                ExpectedVersion = RestCall.ExpectedVersion(http),
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimGroup, updated.Version);
        });
        scim.MapPatch("/Groups/{id}", async (HttpContext http, string id, GroupService groups) =>
        {
            var patch = ScimPatch.Read(await RestCall.ReadBodyAsync(http, json.ScimPatchRequest), GroupSingleValued, MembersAndEntitlements);
            var request = new UpdateGroupRequest
            {
                AccountId = AccountId(http), Id = id, Entitlements = patch.List("entitlements"), Members = patch.List("members"),
                ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            };
            if (patch.Has("displayName"))
            {
                request.DisplayName = patch.String("displayName");
            }
            if (patch.Has("externalId"))
            {
                request.ExternalId = patch.String("externalId");
            }
            var updated = await groups.UpdateAsync(await RestCall.CallerAsync(http), request, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimGroup, updated.Version);
        });
        scim.MapDelete("/Groups/{id}", async (HttpContext http, string id, GroupService groups) =>
        {
            await groups.DeleteAsync(await RestCall.CallerAsync(http), new DeleteGroupRequest
            {
                AccountId = AccountId(http), Id = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static void MapServicePrincipals(RouteGroupBuilder scim)
    {
        var json = ScimJsonContext.Default;
        scim.MapPost("/ServicePrincipals", async (HttpContext http, ServicePrincipalService servicePrincipals) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimServicePrincipal);
            var created = await servicePrincipals.CreateAsync(await RestCall.CallerAsync(http), new CreateServicePrincipalRequest
            {
                AccountId = AccountId(http),
                DisplayName = body.DisplayName ?? "",
                ApplicationId = body.ApplicationId ?? "",
                Active = body.Active ?? true,
                ExternalId = body.ExternalId ?? "",
                Entitlements = { ScimMapping.ValuesOf(body.Entitlements) },
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(created), json.ScimServicePrincipal, created.Version, StatusCodes.Status201Created);
        });
        scim.MapGet("/ServicePrincipals", async (HttpContext http, ServicePrincipalService servicePrincipals) =>
        {
            var listed = await servicePrincipals.ListAsync(await RestCall.CallerAsync(http), new ListServicePrincipalsRequest
            {
                AccountId = AccountId(http), Filter = Query(http, "filter"), StartIndex = QueryNumber(http, "startIndex"), Count = QueryNumber(http, "count"),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.Page(listed.ServicePrincipals.Select(ScimMapping.ToScim), listed.TotalResults, listed.StartIndex),
                json.ScimListResponseScimServicePrincipal);
        });
        scim.MapGet("/ServicePrincipals/{id}", async (HttpContext http, string id, ServicePrincipalService servicePrincipals) =>
        {
            var found = await servicePrincipals.GetAsync(await RestCall.CallerAsync(http), new GetServicePrincipalRequest { AccountId = AccountId(http), Id = id }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(found), json.ScimServicePrincipal, found.Version);
        });
        scim.MapPut("/ServicePrincipals/{id}", async (HttpContext http, string id, ServicePrincipalService servicePrincipals) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.ScimServicePrincipal);
            var caller = await RestCall.CallerAsync(http);
            var current = await servicePrincipals.GetAsync(caller, new GetServicePrincipalRequest { AccountId = AccountId(http), Id = id }, http.RequestAborted);
            if (body.ApplicationId is { Length: > 0 } applicationId && applicationId != current.ApplicationId)
            {
                throw LakeplaneException.Invalid("application_id", "application_id (applicationId) of a service principal cannot change: create another service principal instead.");
            }
            var updated = await servicePrincipals.UpdateAsync(caller, new UpdateServicePrincipalRequest
            {
                AccountId = AccountId(http),
                Id = id,
                DisplayName = body.DisplayName ?? "",
                Active = body.Active ?? true,
                ExternalId = body.ExternalId ?? "",
                Entitlements = ScimMapping.Replacement(body.Entitlements),
                ExpectedVersion = RestCall.ExpectedVersion(http),
                RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimServicePrincipal, updated.Version);
        });
        scim.MapPatch("/ServicePrincipals/{id}", async (HttpContext http, string id, ServicePrincipalService servicePrincipals) =>
        {
            var patch = ScimPatch.Read(await RestCall.ReadBodyAsync(http, json.ScimPatchRequest), ServicePrincipalSingleValued, Entitlements);
            var request = new UpdateServicePrincipalRequest
            {
                AccountId = AccountId(http), Id = id, Entitlements = patch.List("entitlements"),
                ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            };
            if (patch.Has("displayName"))
            {
                request.DisplayName = patch.String("displayName");
            }
            if (patch.Has("active"))
            {
                request.Active = patch.Bool("active");
            }
            if (patch.Has("externalId"))
            {
                request.ExternalId = patch.String("externalId");
            }
            var updated = await servicePrincipals.UpdateAsync(await RestCall.CallerAsync(http), request, http.RequestAborted);
            return RestCall.Json(http, ScimMapping.ToScim(updated), json.ScimServicePrincipal, updated.Version);
        });
        scim.MapDelete("/ServicePrincipals/{id}", async (HttpContext http, string id, ServicePrincipalService servicePrincipals) =>
        {
            await servicePrincipals.DeleteAsync(await RestCall.CallerAsync(http), new DeleteServicePrincipalRequest
            {
                AccountId = AccountId(http), Id = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return Results.NoContent();
        });
    }

    /// <summary>The account of the account path; empty on the workspace path (the caller's account).</summary>
    private static string AccountId(HttpContext http) => http.Request.RouteValues["account_id"] as string ?? "";

    private static string Query(HttpContext http, string name) => http.Request.Query[name].ToString();

    private static long QueryNumber(HttpContext http, string name)
    {
        var text = Query(http, name);
        if (text.Length == 0)
        {
            return 0;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not a whole number of 0 or more.");
    }
}
