using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;
using AuditEntry = Lakeplane.Protos.V1.AuditEntry;

namespace Lakeplane.Daemon.Account;

/// <summary>Reading the account's audit log, for account admins: every mutation left one entry in its own transaction.</summary>
public sealed class AuditService(IStore store)
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuthenticatedPrincipal principal, ListAuditEntriesRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        if (request.Limit is < 0 or > MaxLimit)
        {
            throw LakeplaneException.Invalid("limit", $"limit must be between 1 and {MaxLimit}, or 0 for {DefaultLimit}.");
        }
        if (request.AfterSequence < 0)
        {
            throw LakeplaneException.Invalid("after_sequence", "after_sequence must be 0 (from the start) or the sequence of the last entry seen.");
        }
        var limit = request.Limit == 0 ? DefaultLimit : request.Limit;
        return store.ReadAsync<IReadOnlyList<AuditEntry>>(async reader =>
            (await reader.ListAuditAsync(accountId, request.AfterSequence, limit, cancellationToken)).Select(entry => new AuditEntry
            {
                Sequence = entry.Sequence,
                Time = entry.Time.ToUnixTimeMilliseconds(),
                Actor = entry.Actor,
                Action = entry.Action,
                Kind = entry.Kind,
                ObjectId = entry.ObjectId,
                Details = entry.Details,
            }).ToList(), cancellationToken);
    }
}
