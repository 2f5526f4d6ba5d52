using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// External locations: an s3:// prefix reached through a storage credential. Locations of one metastore never overlap
/// each other or the metastore's root, so every external path has exactly one location that governs it. Creating one
/// needs CREATE_EXTERNAL_LOCATION on the metastore and on the credential; external tables and volumes need
/// CREATE_EXTERNAL_TABLE / CREATE_EXTERNAL_VOLUME on the location their path lies under, managed storage
/// CREATE_MANAGED_STORAGE. Which tables and volumes lie under a location is kept as rows in the location's scope, so
/// deleting a location finds them without a scan.
/// </summary>
public sealed class ExternalLocationsService(CatalogCalls calls, StorageValidator validator)
{
    private const string Kind = ObjectKinds.ExternalLocation;

    public async Task<ExternalLocationInfo> CreateAsync(AuthenticatedPrincipal caller, CreateExternalLocationRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        var url = StorageUrls.Normalise("url", request.Url);
        var credentialName = CatalogNames.Named("credential_name", request.CredentialName);
        CatalogValidation.Comment(request.Comment);
        if (!request.SkipValidation)
        {
            var role = await calls.ReadAsync(caller, request.WorkspaceId, async session =>
            {
                session.Require(session.Metastore.Path, Privilege.CreateExternalLocation);
                return (await session.StorageCredentialAsync(credentialName, "credential_name", cancellationToken)).Info.AwsIamRole;
            }, cancellationToken);
            await ValidateAsync(url, role, request.ReadOnly, cancellationToken);
        }
        return await calls.WriteAsync(caller, request.WorkspaceId, "external_location.create", request.RequestId, request, async (session, transaction) =>
        {
            session.Require(session.Metastore.Path, Privilege.CreateExternalLocation);
            var credential = await session.StorageCredentialAsync(credentialName, "credential_name", cancellationToken);
            session.Require(credential.Path, Privilege.CreateExternalLocation);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"External location '{name}' already exists: choose another name, or import the existing one.");
            }
            await RefuseOverlapAsync(session, url, exceptId: null, cancellationToken);
            var id = Guid.NewGuid().ToString();
            var now = calls.Now();
            var location = new ExternalLocationInfo
            {
                Name = name,
                Url = url,
                CredentialId = credential.Id,
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
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, session.MetastoreScope, name, CatalogRows.Serialize(location), cancellationToken);
            return new MutationOutcome<ExternalLocationInfo>(Present(location, credential.Info.Name, row.Version, false), Kind, id, $"name={name} url={url}");
        }, cancellationToken);
    }

    public Task<ExternalLocationInfo> GetAsync(AuthenticatedPrincipal caller, GetExternalLocationRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var location = await session.ExternalLocationAsync(name, "name", cancellationToken);
            RequireSee(session, location.Path);
            return Present(location.Info, await CredentialNameAsync(session.Reader, location.Info, cancellationToken), location.Row.Version, BrowseOnly(session, location.Path));
        }, cancellationToken);
    }

    public Task<ListExternalLocationsResponse> ListAsync(AuthenticatedPrincipal caller, ListExternalLocationsRequest request, CancellationToken cancellationToken)
    {
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var rows = await session.Reader.ListAsync(Kind, session.AccountId, session.MetastoreScope, after, pageSize, cancellationToken);
            var response = new ListExternalLocationsResponse { NextPageToken = CatalogPaging.Next(rows, pageSize) };
            foreach (var row in rows)
            {
                var node = await session.VisibleNodeAsync<ExternalLocationInfo>(row, SecurableType.ExternalLocation, row.Name, session.Metastore.Path, cancellationToken);
                if (node is not null && (request.IncludeBrowse || !BrowseOnly(session, node.Path)))
                {
                    response.ExternalLocations.Add(Present(node.Info, await CredentialNameAsync(session.Reader, node.Info, cancellationToken), row.Version, BrowseOnly(session, node.Path)));
                }
            }
            return response;
        }, cancellationToken);
    }

    public async Task<ExternalLocationInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateExternalLocationRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        var newName = request.HasNewName ? CatalogNames.Named("new_name", request.NewName) : null;
        var url = request.HasUrl ? StorageUrls.Normalise("url", request.Url) : null;
        var credentialName = request.HasCredentialName ? CatalogNames.Named("credential_name", request.CredentialName) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        if (!request.SkipValidation && (url is not null || credentialName is not null || request is { HasReadOnly: true, ReadOnly: false }))
        {
            var (effectiveUrl, role, readOnly) = await calls.ReadAsync(caller, request.WorkspaceId, async session =>
            {
                var location = await session.ExternalLocationAsync(name, "name", cancellationToken);
                session.Require(location.Path, Privilege.Manage);
                var credential = credentialName is not null
                    ? (await session.StorageCredentialAsync(credentialName, "credential_name", cancellationToken)).Info
                    : CatalogRows.Read<StorageCredentialInfo>((await session.Reader.GetAsync(ObjectKinds.StorageCredential, location.Info.CredentialId, cancellationToken))!);
                return (url ?? location.Info.Url, credential.AwsIamRole, request.HasReadOnly ? request.ReadOnly : location.Info.ReadOnly);
            }, cancellationToken);
            await ValidateAsync(effectiveUrl, role, readOnly, cancellationToken);
        }
        return await calls.WriteAsync(caller, request.WorkspaceId, "external_location.update", request.RequestId, request, async (session, transaction) =>
        {
            var location = await session.ExternalLocationAsync(name, "name", cancellationToken);
            session.Require(location.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, location.Row, $"External location '{name}'");
            var info = location.Info.Clone();
            if (newName is not null && newName != info.Name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, session.MetastoreScope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"External location '{newName}' already exists: choose another new_name.");
                }
                info.Name = newName;
            }
            if (url is not null && url != info.Url)
            {
                await RefuseOverlapAsync(session, url, location.Id, cancellationToken);
                if (!request.Force)
                {
                    await RefuseWhileUsedAsync(session, location, "change its url", cancellationToken);
                }
                info.Url = url;
            }
            var credentialDisplay = await CredentialNameAsync(session.Reader, info, cancellationToken);
            if (credentialName is not null && credentialName != credentialDisplay)
            {
                var credential = await session.StorageCredentialAsync(credentialName, "credential_name", cancellationToken);
                session.Require(credential.Path, Privilege.CreateExternalLocation);
                info.CredentialId = credential.Id;
                credentialDisplay = credential.Info.Name;
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
            var row = await transaction.UpdateAsync(Kind, location.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<ExternalLocationInfo>(Present(info, credentialDisplay, row.Version, false), Kind, location.Id, $"name={info.Name} url={info.Url}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteExternalLocationRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Named("name", request.Name);
        return calls.WriteAsync(caller, request.WorkspaceId, "external_location.delete", request.RequestId, request, async (session, transaction) =>
        {
            var location = await session.ExternalLocationAsync(name, "name", cancellationToken);
            session.Require(location.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, location.Row, $"External location '{name}'");
            if (!request.Force)
            {
                await RefuseWhileUsedAsync(session, location, "delete it", cancellationToken);
            }
            await DeleteAsync(transaction, session.AccountId, location.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, location.Id, $"name={name} force={request.Force}");
        }, cancellationToken);
    }

    /// <summary>Deletes a location, its grants and its records of the paths under it (the tables and volumes stay).</summary>
    internal static async Task DeleteAsync(IStoreTransaction transaction, string accountId, StoredObject location, CancellationToken cancellationToken)
    {
        foreach (var use in await CatalogRows.AllAsync(transaction, ObjectKinds.PathUse, accountId, ObjectKinds.LocationScope(location.Id), cancellationToken))
        {
            await transaction.DeleteAsync(ObjectKinds.PathUse, use.Id, use.Version, cancellationToken);
        }
        await CatalogRows.DeleteWithGrantsAsync(transaction, location, cancellationToken);
    }

    /// <summary>The storage_location of a new table or volume: required and normalised for an external one, refused for a managed one.</summary>
    public static string StorageLocationFor(bool external, string storageLocation, string what)
    {
        if (!external)
        {
            return storageLocation.Length == 0
                ? ""
                : throw LakeplaneException.Invalid("storage_location", $"A managed {what} has its storage chosen by the metastore: leave storage_location out, or make it EXTERNAL.");
        }
        return storageLocation.Length == 0
            ? throw LakeplaneException.Invalid("storage_location", $"An external {what} needs storage_location: an s3:// path under an external location.")
            : StorageUrls.Normalise("storage_location", storageLocation);
    }

    /// <summary>The location an external path lies under, when the caller holds <paramref name="privilege"/> on it. A path
    /// under no location, or inside the metastore's managed root, is refused.</summary>
    public static async Task<CatalogNode<ExternalLocationInfo>> RequireExternalUseAsync(
        CatalogSession session, string url, string field, string privilege, CancellationToken cancellationToken)
    {
        var root = session.Metastore.Info.StorageRoot;
        if (root.Length > 0 && StorageUrls.Overlap(root, url))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{url}' overlaps the metastore's managed storage root {root}: external data must live outside it.");
        }
        var rows = await CatalogRows.AllAsync(session.Reader, Kind, session.AccountId, session.MetastoreScope, cancellationToken);
        var covering = rows.Select(row => (Row: row, Info: CatalogRows.Read<ExternalLocationInfo>(row)))
            .Where(pair => StorageUrls.Contains(pair.Info.Url, url))
            .OrderByDescending(pair => pair.Info.Url.Length)
            .FirstOrDefault();
        if (covering.Row is null)
        {
            throw LakeplaneException.Invalid(field, $"{field} '{url}' is not under any external location of this metastore: create an external location whose url contains it first.");
        }
        var location = await session.ExternalLocationAsync(covering.Row.Name, field, cancellationToken);
        session.Require(location.Path, privilege);
        return location;
    }

    public static Task<CatalogNode<ExternalLocationInfo>> RequireManagedStorageAsync(CatalogSession session, string url, string field, CancellationToken cancellationToken) =>
        RequireExternalUseAsync(session, url, field, Privilege.CreateManagedStorage, cancellationToken);

    /// <summary>Records that an external table or volume lies under a location.</summary>
    public static Task RecordUseAsync(IStoreTransaction transaction, CatalogSession session, CatalogNode<ExternalLocationInfo> location, string securableId, SecurableType type, CancellationToken cancellationToken) =>
        transaction.InsertAsync(ObjectKinds.PathUse, securableId, session.AccountId, ObjectKinds.LocationScope(location.Id), "", type.ToWireName(), cancellationToken);

    private static async Task RefuseOverlapAsync(CatalogSession session, string url, string? exceptId, CancellationToken cancellationToken)
    {
        var root = session.Metastore.Info.StorageRoot;
        if (root.Length > 0 && StorageUrls.Overlap(root, url))
        {
            throw LakeplaneException.Invalid("url", $"url '{url}' overlaps the metastore's storage root {root}: choose a path outside it.");
        }
        foreach (var row in await CatalogRows.AllAsync(session.Reader, Kind, session.AccountId, session.MetastoreScope, cancellationToken))
        {
            var other = CatalogRows.Read<ExternalLocationInfo>(row);
            if (row.Id != exceptId && StorageUrls.Overlap(other.Url, url))
            {
                throw LakeplaneException.Invalid("url", $"url '{url}' overlaps external location '{other.Name}' ({other.Url}): external locations may not overlap; use that location, or a path outside it.");
            }
        }
    }

    private static async Task RefuseWhileUsedAsync(CatalogSession session, CatalogNode<ExternalLocationInfo> location, string what, CancellationToken cancellationToken)
    {
        var uses = await session.Reader.ListAsync(ObjectKinds.PathUse, session.AccountId, ObjectKinds.LocationScope(location.Id), limit: 11, cancellationToken: cancellationToken);
        if (uses.Count == 0)
        {
            return;
        }
        var names = new List<string>();
        foreach (var use in uses.Take(10))
        {
            var kind = use.Body == SecurableType.Volume.ToWireName() ? ObjectKinds.Volume : ObjectKinds.Table;
            var row = await session.Reader.GetAsync(kind, use.Id, cancellationToken);
            names.Add($"{use.Body.ToLowerInvariant()} {(row is null ? use.Id : await CatalogRows.FullNameAsync(session.Reader, row, cancellationToken))}");
        }
        throw LakeplaneException.Conflict(
            $"External location '{location.Info.Name}' is used by {string.Join(", ", names)}{(uses.Count > 10 ? " and more" : "")}: delete or move them first, or {what} with force.",
            "force");
    }

    private static bool BrowseOnly(CatalogSession session, SecurablePath path) =>
        !(session.Holds(path, Privilege.ReadFiles) || session.Holds(path, Privilege.CreateExternalTable) || session.Holds(path, Privilege.CreateExternalVolume)
          || session.Holds(path, Privilege.CreateManagedStorage) || session.Holds(path, Privilege.WriteFiles) || session.Holds(path, Privilege.Manage));

    private static void RequireSee(CatalogSession session, SecurablePath path)
    {
        if (!session.MaySee(path))
        {
            throw PrivilegeEvaluator.Denied(session.CallerLabel, path.Target, Privilege.Browse);
        }
    }

    /// <summary>Probes the location under its credential's role: written, read back and deleted, or only listed when read-only.</summary>
    private Task ValidateAsync(string url, AwsIamRole? role, bool readOnly, CancellationToken cancellationToken) =>
        validator.ProbeAsync(
            new StorageAccess(string.IsNullOrEmpty(role?.RoleArn) ? null : role.RoleArn, string.IsNullOrEmpty(role?.ExternalId) ? null : role.ExternalId),
            StorageLocation.Parse(url), !readOnly, "url",
            " Fix the url, the bucket or the credential's role, or set skip_validation to save the location unchecked.", cancellationToken);

    private static async Task<string> CredentialNameAsync(IStoreReader reader, ExternalLocationInfo location, CancellationToken cancellationToken) =>
        (await reader.GetAsync(ObjectKinds.StorageCredential, location.CredentialId, cancellationToken))?.Name ?? "";

    private static ExternalLocationInfo Present(ExternalLocationInfo stored, string credentialName, long version, bool browseOnly)
    {
        var info = stored.Clone();
        info.CredentialName = credentialName;
        info.Version = version;
        info.BrowseOnly = browseOnly;
        return info;
    }
}
