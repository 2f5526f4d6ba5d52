using System.Globalization;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Identity;

/// <summary>What users and service principals (both stored as principals) share: listing and deleting.</summary>
internal static class PrincipalListing
{
    /// <summary>The account's principals in name order; an exact filter on the stored name (<paramref name="nameAttribute"/>)
    /// is answered by one indexed lookup instead of a scan.</summary>
    public static async Task<IReadOnlyList<PrincipalRow>> ListAsync(IStoreReader reader, string accountId, ScimFilter? filter, string nameAttribute, CancellationToken cancellationToken)
    {
        if (filter is { IsEquality: true } && filter.Attribute == nameAttribute)
        {
            var row = await reader.FindByNameAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, filter.Value, cancellationToken);
            return row is null ? [] : [new PrincipalRow(row, InternalRecords.ReadPrincipal(row.Body))];
        }
        return (await reader.ListAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, cancellationToken: cancellationToken))
            .Select(row => new PrincipalRow(row, InternalRecords.ReadPrincipal(row.Body)))
            .ToList();
    }

    /// <summary>Deletes a principal with its memberships and its tokens; returns the audit details of what went with it.</summary>
    public static async Task<string> DeleteAsync(IStoreTransaction transaction, string accountId, PrincipalRow principal, long expectedVersion, string what, CancellationToken cancellationToken)
    {
        var version = IdentityObjects.ExpectedVersion(expectedVersion, principal.Row, what);
        await IdentityObjects.LeaveAllGroupsAsync(transaction, accountId, principal.Record.PrincipalId, principal.Record.DirectGroupIds, cancellationToken);
        var revoked = await IdentityObjects.RevokeTokensAsync(transaction, accountId, principal.Record.PrincipalId, cancellationToken);
        await transaction.DeleteAsync(ObjectKinds.Principal, principal.Row.Id, version, cancellationToken);
        return "; tokens revoked=" + revoked.ToString(CultureInfo.InvariantCulture);
    }
}
