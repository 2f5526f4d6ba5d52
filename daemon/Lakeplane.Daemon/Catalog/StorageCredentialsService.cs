using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Storage credentials: an IAM role the data plane assumes to reach S3. The control plane keeps the role's ARN (not a
/// secret) and never assumes it itself. Creating one needs CREATE_STORAGE_CREDENTIAL on the metastore; seeing one any
/// privilege on it; changing or deleting one MANAGE or ownership, and force while external locations use it.
/// </summary>
public sealed class StorageCredentialsService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.StorageCredential;
    private const string RoleArnField = "aws_iam_role.role_arn";

    public Task<StorageCredentialInfo> CreateAsync(AuthenticatedPrincipal caller, CreateStorageCredentialRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        var roleArn = CatalogValidation.RoleArn(RoleArnField, request.AwsIamRole?.RoleArn ?? "");
        CatalogValidation.Comment(request.Comment);
        return calls.WriteAsync(caller, request.WorkspaceId, "storage_credential.create", request.RequestId, request, async (session, transaction) =>
        {
            session.Require(session.Metastore.Path, Privilege.CreateStorageCredential);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"Storage credential '{name}' already exists: choose another name, or import the existing one.");
            }
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var credential = new StorageCredentialInfo
            {
                Id = id,
                Name = name,
                // The role's trust policy requires the account id as external id, as for the account's credentials.
                AwsIamRole = new AwsIamRole { RoleArn = roleArn, ExternalId = session.AccountId },
                Owner = session.Identity.Name,
                Comment = request.Comment,
                ReadOnly = request.ReadOnly,
                MetastoreId = session.MetastoreId,
                IsolationMode = "ISOLATION_MODE_OPEN",
                CreatedAt = now,
                CreatedBy = session.Identity.Name,
                UpdatedAt = now,
                UpdatedBy = session.Identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, session.MetastoreScope, name, CatalogRows.Serialize(credential), cancellationToken);
            return new MutationOutcome<StorageCredentialInfo>(Present(credential, row.Version), Kind, id, $"name={name} role_arn={roleArn}");
        }, cancellationToken);
    }

    public Task<StorageCredentialInfo> GetAsync(AuthenticatedPrincipal caller, GetStorageCredentialRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var credential = await session.StorageCredentialAsync(name, "name", cancellationToken);
            if (!session.MaySee(credential.Path))
            {
                throw LakeplaneException.Denied(
                    $"{session.CallerLabel} does not have any privilege on storage credential {name}: it needs ownership, MANAGE, READ_FILES, WRITE_FILES, CREATE_EXTERNAL_TABLE or CREATE_EXTERNAL_LOCATION on it.");
            }
            return Present(credential.Info, credential.Row.Version);
        }, cancellationToken);
    }

    public Task<ListStorageCredentialsResponse> ListAsync(AuthenticatedPrincipal caller, ListStorageCredentialsRequest request, CancellationToken cancellationToken)
    {
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var rows = await session.Reader.ListAsync(Kind, session.AccountId, session.MetastoreScope, after, pageSize, cancellationToken);
            var response = new ListStorageCredentialsResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await session.VisibleNodeAsync<StorageCredentialInfo>(row, SecurableType.StorageCredential, row.Name, session.Metastore.Path, cancellationToken);
                if (node is not null)
                {
                    response.StorageCredentials.Add(Present(node.Info, row.Version));
                }
            }
            return response;
        }, cancellationToken);
    }

    public Task<StorageCredentialInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateStorageCredentialRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        var newName = request.HasNewName ? CatalogNames.Named("new_name", request.NewName) : null;
        var roleArn = request.AwsIamRole is { } role ? CatalogValidation.RoleArn(RoleArnField, role.RoleArn) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        return calls.WriteAsync(caller, request.WorkspaceId, "storage_credential.update", request.RequestId, request, async (session, transaction) =>
        {
            var credential = await session.StorageCredentialAsync(name, "name", cancellationToken);
            session.Require(credential.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, credential.Row, $"Storage credential '{name}'");
            var info = credential.Info.Clone();
            if (newName is not null && newName != info.Name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"Storage credential '{newName}' already exists: choose another new_name.");
                }
                info.Name = newName;
            }
            if (roleArn is not null && roleArn != info.AwsIamRole.RoleArn)
            {
                if (!request.Force)
                {
                    var users = await UsersAsync(session, credential.Id, cancellationToken);
                    if (users.Count > 0)
                    {
                        throw LakeplaneException.Conflict(
                            $"Storage credential '{name}' is used by external location(s) {CatalogValidation.Few(users, users.Count)}: changing its role changes their access; update with force to do it anyway.",
                            "force");
                    }
                }
                info.AwsIamRole.RoleArn = roleArn;
            }
            if (request.HasOwner)
            {
                info.Owner = await CatalogValidation.OwnerAsync(session, request.Owner, cancellationToken);
            }
            if (request.HasComment)
            {
                info.Comment = request.Comment;
            }
            if (request.HasReadOnly)
            {
                info.ReadOnly = request.ReadOnly;
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = session.Identity.Name;
            var row = await transaction.UpdateAsync(Kind, credential.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<StorageCredentialInfo>(Present(info, row.Version), Kind, credential.Id, $"name={info.Name} role_arn={info.AwsIamRole.RoleArn}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteStorageCredentialRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        return calls.WriteAsync(caller, request.WorkspaceId, "storage_credential.delete", request.RequestId, request, async (session, transaction) =>
        {
            var credential = await session.StorageCredentialAsync(name, "name", cancellationToken);
            session.Require(credential.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, credential.Row, $"Storage credential '{name}'");
            var users = await UsersAsync(session, credential.Id, cancellationToken);
            if (users.Count > 0 && !request.Force)
            {
                throw LakeplaneException.Conflict(
                    $"Storage credential '{name}' is used by external location(s) {CatalogValidation.Few(users, users.Count)}: delete them first, or delete with force (they then lose their credential).",
                    "force");
            }
            await CatalogRows.DeleteWithGrantsAsync(transaction, credential.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, credential.Id, $"name={name} force={request.Force}");
        }, cancellationToken);
    }

    /// <summary>The names of the external locations that reach S3 through a credential (a metastore holds few locations).</summary>
    private static async Task<List<string>> UsersAsync(CatalogSession session, string credentialId, CancellationToken cancellationToken) =>
        (await CatalogRows.AllAsync(session.Reader, ObjectKinds.ExternalLocation, session.AccountId, session.MetastoreScope, cancellationToken))
        .Where(row => CatalogRows.Read<ExternalLocationInfo>(row).CredentialId == credentialId)
        .Select(row => row.Name)
        .ToList();

    private static StorageCredentialInfo Present(StorageCredentialInfo stored, long version)
    {
        var info = stored.Clone();
        info.FullName = info.Name;
        info.Version = version;
        return info;
    }
}
