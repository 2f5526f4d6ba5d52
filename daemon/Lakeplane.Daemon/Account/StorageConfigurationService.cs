using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>Storage configurations: the root bucket a workspace keeps its own files in.</summary>
public sealed class StorageConfigurationService(IStore store, MutationRunner mutations, TimeProvider time, StorageValidator validator)
{
    private const string Kind = ObjectKinds.StorageConfiguration;

    public async Task<StorageConfiguration> CreateAsync(AuthenticatedPrincipal principal, CreateStorageConfigurationRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.ObjectName("storage_configuration_name", request.StorageConfigurationName);
        AccountValidation.BucketName(request.BucketName);
        if (validator.DaemonAccessIsAuthoritative)
        {
            // Before the transaction: storage calls take network time a store transaction must not wait for.
            await validator.ProbeAsync(StorageAccess.Daemon, new StorageLocation(request.BucketName, ""), writable: true, "bucket_name",
                " Create the bucket (or correct bucket_name), then create the storage configuration again.", cancellationToken);
        }
        return await mutations.RunAsync(new Mutation(principal, accountId, "storage_configuration.create", request.RequestId, request), async transaction =>
        {
            if (await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, request.StorageConfigurationName, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("storage_configuration_name",
                    $"A storage configuration named '{request.StorageConfigurationName}' already exists in this account: choose another storage_configuration_name, or import the existing one.");
            }
            var configuration = new StorageConfiguration
            {
                StorageConfigurationId = Guid.NewGuid().ToString(),
                StorageConfigurationName = request.StorageConfigurationName,
                AccountId = accountId,
                BucketName = request.BucketName,
                CreationTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            var row = await transaction.InsertAsync(Kind, configuration.StorageConfigurationId, accountId, ObjectKinds.AccountScope,
                configuration.StorageConfigurationName, ProtoBodies.Serialize(configuration), cancellationToken);
            configuration.Version = row.Version;
            return new MutationOutcome<StorageConfiguration>(configuration, Kind, configuration.StorageConfigurationId,
                "storage_configuration_name=" + configuration.StorageConfigurationName);
        }, cancellationToken);
    }

    public Task<StorageConfiguration> GetAsync(AuthenticatedPrincipal principal, GetStorageConfigurationRequest request, CancellationToken cancellationToken) =>
        AccountObjects.GetAsync<StorageConfiguration>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), request.StorageConfigurationId, "storage_configuration_id", cancellationToken);

    public Task<IReadOnlyList<StorageConfiguration>> ListAsync(AuthenticatedPrincipal principal, ListStorageConfigurationsRequest request, CancellationToken cancellationToken) =>
        AccountObjects.ListAsync<StorageConfiguration>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), cancellationToken);

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteStorageConfigurationRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.RequiredId("storage_configuration_id", request.StorageConfigurationId);
        return mutations.RunAsync(new Mutation(principal, accountId, "storage_configuration.delete", request.RequestId, request), transaction =>
            AccountObjects.DeleteUnusedAsync(transaction, Kind, accountId, request.StorageConfigurationId, "storage_configuration_id", request.ExpectedVersion,
                "Storage configuration", "storage_configuration_name", (workspace, id) => workspace.StorageConfigurationId == id, cancellationToken), cancellationToken);
    }
}
