using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>Credentials: the cross-account IAM role the data plane is reached through.</summary>
public sealed class CredentialsService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Credentials;

    public Task<Credentials> CreateAsync(AuthenticatedPrincipal principal, CreateCredentialsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.ObjectName("credentials_name", request.CredentialsName);
        AccountValidation.RoleArn(request.RoleArn);
        return mutations.RunAsync(new Mutation(principal, accountId, "credentials.create", request.RequestId, request), async transaction =>
        {
            if (await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, request.CredentialsName, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("credentials_name",
                    $"Credentials named '{request.CredentialsName}' already exist in this account: choose another credentials_name, or import the existing ones.");
            }
            var credentials = new Credentials
            {
                CredentialsId = Guid.NewGuid().ToString(),
                CredentialsName = request.CredentialsName,
                AccountId = accountId,
                RoleArn = request.RoleArn,
                // The role's trust policy must require this as sts:ExternalId, so only this account can assume it.
                ExternalId = accountId,
                CreationTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            var row = await transaction.InsertAsync(Kind, credentials.CredentialsId, accountId, ObjectKinds.AccountScope, credentials.CredentialsName, ProtoBodies.Serialize(credentials), cancellationToken);
            credentials.Version = row.Version;
            return new MutationOutcome<Credentials>(credentials, Kind, credentials.CredentialsId, "credentials_name=" + credentials.CredentialsName);
        }, cancellationToken);
    }

    public Task<Credentials> GetAsync(AuthenticatedPrincipal principal, GetCredentialsRequest request, CancellationToken cancellationToken) =>
        AccountObjects.GetAsync<Credentials>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), request.CredentialsId, "credentials_id", cancellationToken);

    public Task<IReadOnlyList<Credentials>> ListAsync(AuthenticatedPrincipal principal, ListCredentialsRequest request, CancellationToken cancellationToken) =>
        AccountObjects.ListAsync<Credentials>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), cancellationToken);

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteCredentialsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.RequiredId("credentials_id", request.CredentialsId);
        return mutations.RunAsync(new Mutation(principal, accountId, "credentials.delete", request.RequestId, request), transaction =>
            AccountObjects.DeleteUnusedAsync(transaction, Kind, accountId, request.CredentialsId, "credentials_id", request.ExpectedVersion,
                "Credentials", "credentials_name", (workspace, id) => workspace.CredentialsId == id, cancellationToken), cancellationToken);
    }
}
