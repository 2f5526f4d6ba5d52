using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Service principals: identities for automation. Each has an application id (a UUID) by which grants name it and
/// tokens are issued for it; it is stored as the principal's name, so it is unique in the account and found by one lookup.
/// </summary>
public sealed class ServicePrincipalService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Principal;
    private static readonly string[] FilterAttributes = ["applicationId", "displayName", "externalId", "id"];

    public Task<ServicePrincipal> CreateAsync(AuthenticatedPrincipal caller, CreateServicePrincipalRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.ServicePrincipalDisplayName(request.DisplayName);
        IdentityValidation.ExternalId(request.ExternalId);
        IdentityValidation.Entitlements(request.Entitlements);
        // Chosen outside the transaction, which may run more than once, and fixed by the request for a retry's fingerprint.
        var applicationId = request.ApplicationId.Length > 0 ? IdentityValidation.ApplicationId(request.ApplicationId) : Guid.NewGuid().ToString();
        return mutations.RunAsync(new Mutation(caller, accountId, "service_principal.create", request.RequestId, request), async transaction =>
        {
            await IdentityObjects.RefuseTakenGrantNameAsync(transaction, accountId, applicationId, "application_id", "applicationId", null, cancellationToken);
            var record = new PrincipalRecord(
                Guid.NewGuid().ToString(),
                applicationId,
                request.DisplayName,
                PrincipalKinds.ServicePrincipal,
                AccountAdmin: false,
                Active: !request.HasActive || request.Active,
                ExternalId: request.ExternalId,
                Entitlements: IdentityObjects.Normalise(request.Entitlements),
                GroupIds: [],
                CreationTime: time.GetUtcNow().ToUnixTimeMilliseconds());
            var row = await transaction.InsertAsync(Kind, record.PrincipalId, accountId, ObjectKinds.AccountScope, record.UserName, InternalRecords.Serialize(record), cancellationToken);
            var created = await IdentityMapping.ToServicePrincipalAsync(transaction, accountId, new PrincipalRow(row, record), cancellationToken);
            return new MutationOutcome<ServicePrincipal>(created, Kind, record.PrincipalId, "application_id=" + applicationId);
        }, cancellationToken);
    }

    public Task<ServicePrincipal> GetAsync(AuthenticatedPrincipal caller, GetServicePrincipalRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        return store.ReadAsync(async reader =>
            await IdentityMapping.ToServicePrincipalAsync(reader, accountId,
                await IdentityObjects.GetPrincipalAsync(reader, accountId, request.Id, servicePrincipal: true, cancellationToken), cancellationToken),
            cancellationToken);
    }

    public Task<ListServicePrincipalsResponse> ListAsync(AuthenticatedPrincipal caller, ListServicePrincipalsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountMember(caller, request.AccountId);
        var filter = ScimFilter.Parse(request.Filter, FilterAttributes);
        return store.ReadAsync(async reader =>
        {
            var matching = (await PrincipalListing.ListAsync(reader, accountId, filter, "applicationId", cancellationToken))
                .Where(principal => principal.Record.Kind == PrincipalKinds.ServicePrincipal)
                .Where(principal => filter is null || filter.Matches(filter.Attribute switch
                {
                    "applicationId" => principal.Record.UserName,
                    "displayName" => principal.Record.DisplayName,
                    "externalId" => principal.Record.ExternalId,
                    _ => principal.Record.PrincipalId,
                }))
                .ToList();
            var (page, start) = IdentityObjects.Page(matching, request.StartIndex, request.Count);
            var response = new ListServicePrincipalsResponse { TotalResults = matching.Count, StartIndex = start };
            foreach (var principal in page)
            {
                response.ServicePrincipals.Add(await IdentityMapping.ToServicePrincipalAsync(reader, accountId, principal, cancellationToken));
            }
            return response;
        }, cancellationToken);
    }

    public Task<ServicePrincipal> UpdateAsync(AuthenticatedPrincipal caller, UpdateServicePrincipalRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        if (request.HasDisplayName)
        {
            IdentityValidation.ServicePrincipalDisplayName(request.DisplayName);
        }
        if (request.HasExternalId)
        {
            IdentityValidation.ExternalId(request.ExternalId);
        }
        IdentityValidation.Entitlements(request.Entitlements?.Values.Concat(request.Entitlements.Add) ?? []);
        return mutations.RunAsync(new Mutation(caller, accountId, "service_principal.update", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetPrincipalAsync(transaction, accountId, request.Id, servicePrincipal: true, cancellationToken);
            var version = IdentityObjects.ExpectedVersion(request.ExpectedVersion, current.Row, $"service principal '{current.Record.DisplayName}'");
            var record = current.Record;
            var updated = record with
            {
                DisplayName = request.HasDisplayName ? request.DisplayName : record.DisplayName,
                Active = request.HasActive ? request.Active : record.Active,
                ExternalId = request.HasExternalId ? request.ExternalId : record.ExternalId,
                Entitlements = IdentityObjects.Apply(record.EntitlementList, request.Entitlements),
            };
            var row = await transaction.UpdateAsync(Kind, record.PrincipalId, version, record.UserName, InternalRecords.Serialize(updated), cancellationToken);
            var result = await IdentityMapping.ToServicePrincipalAsync(transaction, accountId, new PrincipalRow(row, updated), cancellationToken);
            return new MutationOutcome<ServicePrincipal>(result, Kind, record.PrincipalId, "application_id=" + record.UserName);
        }, cancellationToken);
    }

    public Task<DeleteIdentityResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteServicePrincipalRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireIdentityAdmin(caller, request.AccountId);
        IdentityValidation.RequiredId("id", request.Id);
        return mutations.RunAsync(new Mutation(caller, accountId, "service_principal.delete", request.RequestId, request), async transaction =>
        {
            var current = await IdentityObjects.GetPrincipalAsync(transaction, accountId, request.Id, servicePrincipal: true, cancellationToken);
            var details = await PrincipalListing.DeleteAsync(transaction, accountId, current, request.ExpectedVersion, $"service principal '{current.Record.DisplayName}'", cancellationToken);
            return new MutationOutcome<DeleteIdentityResponse>(new DeleteIdentityResponse(), Kind, current.Record.PrincipalId, "application_id=" + current.Record.UserName + details);
        }, cancellationToken);
    }
}
