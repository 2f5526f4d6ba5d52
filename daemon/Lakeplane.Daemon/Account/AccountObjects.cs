using Google.Protobuf;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>What the account services share: an object of this account by id, listing, deleting an object no
/// workspace uses, and the workspaces that use objects.</summary>
internal static class AccountObjects
{
    /// <summary>The row of an account object, or RESOURCE_DOES_NOT_EXIST naming the id field. Objects of another account
    /// are reported as absent: their existence is none of the caller's business.</summary>
    public static async Task<StoredObject> GetRowAsync(IStoreReader reader, string kind, string accountId, string id, string field, CancellationToken cancellationToken)
    {
        AccountValidation.RequiredId(field, id);
        var row = await reader.GetAsync(kind, id, cancellationToken);
        if (row is null || row.AccountId != accountId)
        {
            throw LakeplaneException.NotFound(field, $"No {kind.Replace('_', ' ')} with {field} '{id}' in this account: check the id, or list them to find it.");
        }
        return row;
    }

    /// <summary>One object of the account as its message, with its version.</summary>
    public static Task<T> GetAsync<T>(IStore store, string kind, string accountId, string id, string field, CancellationToken cancellationToken)
        where T : IMessage<T>, new() =>
        store.ReadAsync(async reader => Materialise<T>(await GetRowAsync(reader, kind, accountId, id, field, cancellationToken)), cancellationToken);

    /// <summary>Every object of one kind in the account.</summary>
    public static Task<IReadOnlyList<T>> ListAsync<T>(IStore store, string kind, string accountId, CancellationToken cancellationToken)
        where T : IMessage<T>, new() =>
        store.ReadAsync<IReadOnlyList<T>>(async reader =>
            (await reader.ListAsync(kind, accountId, ObjectKinds.AccountScope, cancellationToken: cancellationToken)).Select(Materialise<T>).ToList(),
            cancellationToken);

    /// <summary>
    /// Deletes an object that no workspace uses, inside a mutation: it must exist in the account, match the
    /// expected version, and not be referenced by any workspace (<paramref name="usedBy"/> gets the workspace and the id).
    /// </summary>
    /// <param name="label">How messages name the kind, e.g. "Storage configuration".</param>
    /// <param name="nameField">The name attribute recorded in the audit entry, e.g. "network_name".</param>
    public static async Task<MutationOutcome<DeleteResponse>> DeleteUnusedAsync(
        IStoreTransaction transaction, string kind, string accountId, string id, string idField, long expectedVersion,
        string label, string nameField, Func<Workspace, string, bool> usedBy, CancellationToken cancellationToken)
    {
        var row = await GetRowAsync(transaction, kind, accountId, id, idField, cancellationToken);
        var what = $"{label} '{row.Name}' ({row.Id})";
        var version = ExpectedVersion(expectedVersion, row, what);
        await RefuseWhileInUseAsync(transaction, accountId, what, workspace => usedBy(workspace, row.Id), cancellationToken);
        await transaction.DeleteAsync(kind, row.Id, version, cancellationToken);
        return new MutationOutcome<DeleteResponse>(new DeleteResponse(), kind, row.Id, nameField + "=" + row.Name);
    }

    /// <summary>Like <see cref="GetRowAsync"/>, but for a reference inside a request: a bad reference is a bad parameter of that request.</summary>
    public static async Task<StoredObject> GetReferencedRowAsync(IStoreReader reader, string kind, string accountId, string id, string field, CancellationToken cancellationToken)
    {
        var row = await reader.GetAsync(kind, id, cancellationToken);
        if (row is null || row.AccountId != accountId)
        {
            throw LakeplaneException.Invalid(field, $"{field} '{id}' does not name a {kind.Replace('_', ' ')} of this account: create it first or correct the id.");
        }
        return row;
    }

    public static async Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(IStoreReader reader, string accountId, CancellationToken cancellationToken)
    {
        var rows = await reader.ListAsync(ObjectKinds.Workspace, accountId, ObjectKinds.AccountScope, cancellationToken: cancellationToken);
        return rows.Select(Materialise<Workspace>).ToList();
    }

    /// <summary>Refuses to delete an object a workspace still uses, naming that workspace.</summary>
    public static async Task RefuseWhileInUseAsync(IStoreReader reader, string accountId, string what, Func<Workspace, bool> uses, CancellationToken cancellationToken)
    {
        var user = (await ListWorkspacesAsync(reader, accountId, cancellationToken)).FirstOrDefault(uses);
        if (user is not null)
        {
            throw LakeplaneException.Conflict(
                $"{what} is used by workspace '{user.WorkspaceName}' (workspace_id {user.WorkspaceId}): delete that workspace or move it to another object first.");
        }
    }

    /// <summary>The message stored in a row, with the row's version as its etag.</summary>
    public static T Materialise<T>(StoredObject row) where T : IMessage<T>, new()
    {
        var message = ProtoBodies.Deserialize<T>(row.Body);
        message.Descriptor.FindFieldByName("version").Accessor.SetValue(message, row.Version);
        return message;
    }

    /// <summary>The version a delete or update must match: the caller's expectation, or the current one when it has none.</summary>
    public static long ExpectedVersion(long requested, StoredObject row, string what)
    {
        if (requested != 0 && requested != row.Version)
        {
            throw LakeplaneException.Conflict(
                $"expected_version {requested} is stale: {what} is at version {row.Version}, changed since you read it. Read it again and retry.", "expected_version");
        }
        return row.Version;
    }
}
