using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Users of the account. The bootstrap admin is one of them (it can join groups) but cannot be renamed, deactivated or
/// deleted: it is the account's way in.
/// </summary>
public sealed class UserService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Principal;
    private static readonly string[] FilterAttributes = ["userName", "displayName", "externalId", "id"];

    public Task<User> CreateAsync(AuthenticatedPrincipal caller, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.UserName(request.UserName);
        IdentityValidation.OptionalDisplayName(request.DisplayName);
        IdentityValidation.ExternalId(request.ExternalId);
        IdentityValidation.Entitlements(request.Entitlements);
        return mutations.RunAsync(new Mutation(caller, accountId, "user.create", request.RequestId, request), async transaction =>
        {
            await IdentityObjects.RefuseTakenGrantNameAsync(transaction, accountId, request.UserName, "user_name", "userName", null, cancellationToken);
            var record = new PrincipalRecord(
                Guid.NewGuid().ToString(),
                request.UserName,
                request.DisplayName.Length > 0 ? request.DisplayName : request.UserName,
                PrincipalKinds.User,
                AccountAdmin: false,
                Active: !request.HasActive || request.Active,
                ExternalId: request.ExternalId,
                Entitlements: IdentityObjects.Normalise(request.Entitlements),
                GroupIds: [],
                CreationTime: time.GetUtcNow().ToUnixTimeMilliseconds());
            var row = await transaction.InsertAsync(Kind, record.PrincipalId, accountId, ObjectKinds.AccountScope, record.UserName, InternalRecords.Serialize(record), cancellationToken);
            var user = await IdentityMapping.ToUserAsync(transaction, accountId, new PrincipalRow(row, record), cancellationToken);
            return new MutationOutcome<User>(user, Kind, record.PrincipalId, "user_name=" + record.UserName);
        }, cancellationToken);
    }

    public Task<User> GetAsync(AuthenticatedPrincipal caller, GetUserRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        return store.ReadAsync(async reader =>
            await IdentityMapping.ToUserAsync(reader, accountId, await IdentityObjects.GetPrincipalAsync(reader, accountId, request.Id, servicePrincipal: false, cancellationToken), cancellationToken),
            cancellationToken);
    }

    public Task<ListUsersResponse> ListAsync(AuthenticatedPrincipal caller, ListUsersRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        var filter = ScimFilter.Parse(request.Filter, FilterAttributes);
        return store.ReadAsync(async reader =>
        {
            var matching = (await PrincipalListing.ListAsync(reader, accountId, filter, "userName", cancellationToken))
                .Where(principal => PrincipalKinds.IsUser(principal.Record.Kind))
                .Where(principal => filter is null || filter.Matches(filter.Attribute switch
                {
                    "userName" => principal.Record.UserName,
                    "displayName" => principal.Record.DisplayName,
                    "externalId" => principal.Record.ExternalId,
                    _ => principal.Record.PrincipalId,
                }))
                .ToList();
            var (page, start) = IdentityObjects.Page(matching, request.StartIndex, request.Count);
            var response = new ListUsersResponse { TotalResults = matching.Count, StartIndex = start };
            foreach (var principal in page)
            {
                response.Users.Add(await IdentityMapping.ToUserAsync(reader, accountId, principal, cancellationToken));
            }
            return response;
        }, cancellationToken);
    }

    public Task<User> UpdateAsync(AuthenticatedPrincipal caller, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        if (request.HasUserName)
        {
            IdentityValidation.UserName(request.UserName);
        }
        if (request.HasDisplayName)
        {
            IdentityValidation.OptionalDisplayName(request.DisplayName);
        }
        if (request.HasExternalId)
        {
            IdentityValidation.ExternalId(request.ExternalId);
        }
        IdentityValidation.Entitlements(request.Entitlements?.Values.Concat(request.Entitlements.Add) ?? []);
        return mutations.RunAsync(new Mutation(caller, accountId, "user.update", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetPrincipalAsync(transaction, accountId, request.Id, servicePrincipal: false, cancellationToken);
            var version = IdentityObjects.ExpectedVersion(request.ExpectedVersion, current.Row, $"user '{current.Record.UserName}'");
            var record = current.Record;
            var userName = request.HasUserName ? request.UserName : record.UserName;
            var active = request.HasActive ? request.Active : record.Active;
            if (record.AccountAdmin && (userName != record.UserName || !active))
            {
                throw LakeplaneException.Invalid(userName != record.UserName ? "user_name" : "active",
                    $"The bootstrap account admin '{record.UserName}' cannot be renamed or deactivated: it is the account's way in.");
            }
            if (userName != record.UserName)
            {
                await IdentityObjects.RefuseTakenGrantNameAsync(transaction, accountId, userName, "user_name", "userName", record.PrincipalId, cancellationToken);
            }
            var updated = record with
            {
                UserName = userName,
                DisplayName = request.HasDisplayName ? (request.DisplayName.Length > 0 ? request.DisplayName : userName) : record.DisplayName,
                Active = active,
                ExternalId = request.HasExternalId ? request.ExternalId : record.ExternalId,
                Entitlements = IdentityObjects.Apply(record.EntitlementList, request.Entitlements),
            };
            var row = await transaction.UpdateAsync(Kind, record.PrincipalId, version, updated.UserName, InternalRecords.Serialize(updated), cancellationToken);
            var user = await IdentityMapping.ToUserAsync(transaction, accountId, new PrincipalRow(row, updated), cancellationToken);
            return new MutationOutcome<User>(user, Kind, record.PrincipalId, "user_name=" + updated.UserName);
        }, cancellationToken);
    }

    public Task<DeleteIdentityResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteUserRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        return mutations.RunAsync(new Mutation(caller, accountId, "user.delete", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetPrincipalAsync(transaction, accountId, request.Id, servicePrincipal: false, cancellationToken);
            if (current.Record.AccountAdmin)
            {
                throw LakeplaneException.Invalid("id", $"The bootstrap account admin '{current.Record.UserName}' cannot be deleted: it is the account's way in.");
            }
            var details = await PrincipalListing.DeleteAsync(transaction, accountId, current, request.ExpectedVersion, $"user '{current.Record.UserName}'", cancellationToken);
            return new MutationOutcome<DeleteIdentityResponse>(new DeleteIdentityResponse(), Kind, current.Record.PrincipalId, "user_name=" + current.Record.UserName + details);
        }, cancellationToken);
    }
}
