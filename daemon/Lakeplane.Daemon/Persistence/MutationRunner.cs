using System.Collections;
using System.Security.Cryptography;
using Google.Protobuf;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Persistence;

/// <summary>
/// Runs a mutation in one store transaction together with its idempotency record and its audit
/// entry: either all three are written or none is, so a crash can't leave a change unaudited or a
/// retry answered differently from the first attempt.
/// </summary>
public sealed class MutationRunner(IStore store, TimeProvider time)
{
    public Task<TResponse> RunAsync<TResponse>(
        Mutation mutation,
        Func<IStoreTransaction, Task<MutationOutcome<TResponse>>> work,
        CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        var fingerprint = mutation.RequestId.Length == 0 ? "" : mutation.Action + ":" + Fingerprint(mutation.Request);
        return store.WriteAsync(async transaction =>
        {
            if (mutation.RequestId.Length > 0)
            {
                var earlier = await transaction.GetIdempotencyAsync(mutation.AccountId, mutation.RequestId, cancellationToken);
                if (earlier is not null)
                {
                    if (!string.Equals(earlier.Operation, fingerprint, StringComparison.Ordinal))
                    {
                        throw LakeplaneException.Invalid("request_id",
                            $"request_id '{mutation.RequestId}' was already used for a different request: use a new request_id for a new request, the same one only to retry.");
                    }
                    return ProtoBodies.Deserialize<TResponse>(earlier.Response);
                }
            }
            var outcome = await work(transaction);
            await transaction.AppendAuditAsync(mutation.AccountId, mutation.Actor.AuditName, mutation.Action, outcome.Kind, outcome.ObjectId, outcome.Details, cancellationToken);
            if (mutation.RequestId.Length > 0)
            {
                await transaction.PutIdempotencyAsync(
                    new IdempotencyRecord(mutation.AccountId, mutation.RequestId, fingerprint, outcome.ObjectId, ProtoBodies.Serialize(outcome.Response!), time.GetUtcNow()),
                    cancellationToken);
            }
            return outcome.Response;
        }, cancellationToken);
    }

    /// <summary>The request without its request id, maps in key order: equal requests hash equal however they were built.</summary>
    private static string Fingerprint(IMessage request)
    {
        var canonical = request.Descriptor.Parser.ParseFrom(request.ToByteArray());
        foreach (var field in canonical.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.Name == "request_id")
            {
                field.Accessor.Clear(canonical);
            }
            else if (field.IsMap && field.Accessor.GetValue(canonical) is IDictionary map)
            {
                var keys = map.Keys.Cast<object>().OrderBy(key => key.ToString(), StringComparer.Ordinal).ToList();
                var values = keys.Select(key => map[key]).ToList();
                map.Clear();
                for (var i = 0; i < keys.Count; i++)
                {
                    map.Add(keys[i], values[i]);
                }
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(canonical.ToByteArray()));
    }
}
