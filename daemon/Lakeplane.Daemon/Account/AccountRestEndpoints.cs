using System.Globalization;
using System.Text.Json;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>
/// The account API 2.0 over REST (/api/2.0/accounts/{account_id}/...): authentication and JSON
/// translation only, onto the same services as gRPC.
/// </summary>
public static class AccountRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var json = RestJsonContext.Default;
        var account = app.MapGroup("/api/2.0/accounts/{account_id}");

        account.MapPost("/credentials", async (HttpContext http, string account_id, CredentialsService service) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.CredentialsJson);
            var created = await service.CreateAsync(await RestCall.CallerAsync(http), AccountRestMapping.ToCreateRequest(account_id, RestCall.RequestId(http), body), http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(created), json.CredentialsJson, created.Version, StatusCodes.Status201Created);
        });
        account.MapGet("/credentials", async (HttpContext http, string account_id, CredentialsService service) =>
            RestCall.Json(http, (await service.ListAsync(await RestCall.CallerAsync(http), new ListCredentialsRequest { AccountId = account_id }, http.RequestAborted))
                .Select(AccountRestMapping.ToJson).ToList(), json.ListCredentialsJson));
        account.MapGet("/credentials/{id}", async (HttpContext http, string account_id, string id, CredentialsService service) =>
        {
            var found = await service.GetAsync(await RestCall.CallerAsync(http), new GetCredentialsRequest { AccountId = account_id, CredentialsId = id }, http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(found), json.CredentialsJson, found.Version);
        });
        account.MapDelete("/credentials/{id}", async (HttpContext http, string account_id, string id, CredentialsService service) =>
        {
            await service.DeleteAsync(await RestCall.CallerAsync(http), new DeleteCredentialsRequest
            {
                AccountId = account_id, CredentialsId = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new EmptyJson(), json.EmptyJson);
        });

        account.MapPost("/storage-configurations", async (HttpContext http, string account_id, StorageConfigurationService service) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.StorageConfigurationJson);
            var created = await service.CreateAsync(await RestCall.CallerAsync(http), AccountRestMapping.ToCreateRequest(account_id, RestCall.RequestId(http), body), http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(created), json.StorageConfigurationJson, created.Version, StatusCodes.Status201Created);
        });
        account.MapGet("/storage-configurations", async (HttpContext http, string account_id, StorageConfigurationService service) =>
            RestCall.Json(http, (await service.ListAsync(await RestCall.CallerAsync(http), new ListStorageConfigurationsRequest { AccountId = account_id }, http.RequestAborted))
                .Select(AccountRestMapping.ToJson).ToList(), json.ListStorageConfigurationJson));
        account.MapGet("/storage-configurations/{id}", async (HttpContext http, string account_id, string id, StorageConfigurationService service) =>
        {
            var found = await service.GetAsync(await RestCall.CallerAsync(http),
                new GetStorageConfigurationRequest { AccountId = account_id, StorageConfigurationId = id }, http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(found), json.StorageConfigurationJson, found.Version);
        });
        account.MapDelete("/storage-configurations/{id}", async (HttpContext http, string account_id, string id, StorageConfigurationService service) =>
        {
            await service.DeleteAsync(await RestCall.CallerAsync(http), new DeleteStorageConfigurationRequest
            {
                AccountId = account_id, StorageConfigurationId = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new EmptyJson(), json.EmptyJson);
        });

        account.MapPost("/networks", async (HttpContext http, string account_id, NetworkService service) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.NetworkJson);
            var created = await service.CreateAsync(await RestCall.CallerAsync(http), AccountRestMapping.ToCreateRequest(account_id, RestCall.RequestId(http), body), http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(created), json.NetworkJson, created.Version, StatusCodes.Status201Created);
        });
        account.MapGet("/networks", async (HttpContext http, string account_id, NetworkService service) =>
            RestCall.Json(http, (await service.ListAsync(await RestCall.CallerAsync(http), new ListNetworksRequest { AccountId = account_id }, http.RequestAborted))
                .Select(AccountRestMapping.ToJson).ToList(), json.ListNetworkJson));
        account.MapGet("/networks/{id}", async (HttpContext http, string account_id, string id, NetworkService service) =>
        {
            var found = await service.GetAsync(await RestCall.CallerAsync(http), new GetNetworkRequest { AccountId = account_id, NetworkId = id }, http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(found), json.NetworkJson, found.Version);
        });
        account.MapDelete("/networks/{id}", async (HttpContext http, string account_id, string id, NetworkService service) =>
        {
            await service.DeleteAsync(await RestCall.CallerAsync(http), new DeleteNetworkRequest
            {
                AccountId = account_id, NetworkId = id, ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new EmptyJson(), json.EmptyJson);
        });

        account.MapPost("/workspaces", async (HttpContext http, string account_id, WorkspaceService service) =>
        {
            var body = await RestCall.ReadBodyAsync(http, json.WorkspaceJson);
            var created = await service.CreateAsync(await RestCall.CallerAsync(http), AccountRestMapping.ToCreateRequest(account_id, RestCall.RequestId(http), body), http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(created), json.WorkspaceJson, created.Version, StatusCodes.Status201Created);
        });
        account.MapGet("/workspaces", async (HttpContext http, string account_id, WorkspaceService service) =>
            RestCall.Json(http, (await service.ListAsync(await RestCall.CallerAsync(http), new ListWorkspacesRequest { AccountId = account_id }, http.RequestAborted))
                .Select(AccountRestMapping.ToJson).ToList(), json.ListWorkspaceJson));
        account.MapGet("/workspaces/{id}", async (HttpContext http, string account_id, string id, WorkspaceService service) =>
        {
            var found = await service.GetAsync(await RestCall.CallerAsync(http), new GetWorkspaceRequest { AccountId = account_id, WorkspaceId = WorkspaceId(id) }, http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(found), json.WorkspaceJson, found.Version);
        });
        account.MapPatch("/workspaces/{id}", async (HttpContext http, string account_id, string id, WorkspaceService service) =>
        {
            var caller = await RestCall.CallerAsync(http);
            JsonElement body;
            try
            {
                body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
            }
            catch (JsonException exception)
            {
                throw LakeplaneException.Invalid("body", "The request body is not valid JSON: " + exception.Message);
            }
            var request = WorkspacePatch.Read(body, account_id, WorkspaceId(id));
            request.ExpectedVersion = RestCall.ExpectedVersion(http);
            request.RequestId = RestCall.RequestId(http);
            var updated = await service.UpdateAsync(caller, request, http.RequestAborted);
            return RestCall.Json(http, AccountRestMapping.ToJson(updated), json.WorkspaceJson, updated.Version);
        });
        MapAudit(account);
        account.MapDelete("/workspaces/{id}", async (HttpContext http, string account_id, string id, WorkspaceService service) =>
        {
            await service.DeleteAsync(await RestCall.CallerAsync(http), new DeleteWorkspaceRequest
            {
                AccountId = account_id, WorkspaceId = WorkspaceId(id), ExpectedVersion = RestCall.ExpectedVersion(http), RequestId = RestCall.RequestId(http),
            }, http.RequestAborted);
            return RestCall.Json(http, new EmptyJson(), json.EmptyJson);
        });
    }

    /// <summary>GET /api/2.0/accounts/{account_id}/audit?after_sequence=N&amp;limit=M: the account's audit log, oldest first.</summary>
    private static void MapAudit(RouteGroupBuilder account) =>
        account.MapGet("/audit", async (HttpContext http, string account_id, AuditService audit) =>
        {
            var request = new ListAuditEntriesRequest
            {
                AccountId = account_id,
                AfterSequence = QueryNumber(http, "after_sequence"),
                Limit = (int)Math.Clamp(QueryNumber(http, "limit"), int.MinValue, int.MaxValue),
            };
            var entries = await audit.ListAsync(await RestCall.CallerAsync(http), request, http.RequestAborted);
            return RestCall.Json(http, new AuditListJson
            {
                Entries = entries.Select(e => new AuditEntryJson
                {
                    Sequence = e.Sequence, Time = e.Time, Actor = e.Actor, Action = e.Action, Kind = e.Kind, ObjectId = e.ObjectId, Details = e.Details,
                }).ToList(),
            }, RestJsonContext.Default.AuditListJson);
        });

    private static long QueryNumber(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return 0;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw LakeplaneException.Invalid(name, $"{name} '{text}' is not a whole number.");
    }

    private static long WorkspaceId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw LakeplaneException.Invalid("workspace_id", $"workspace_id '{text}' is not a workspace id: use the numeric workspace_id.");
}
