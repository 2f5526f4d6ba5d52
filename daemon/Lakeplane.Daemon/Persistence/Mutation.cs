using Google.Protobuf;
using Lakeplane.Daemon.Auth;

namespace Lakeplane.Daemon.Persistence;

/// <summary>
/// What every mutating call tells the MutationRunner: who does it, in which account, what action,
/// under which request id (empty: no idempotency), and the request itself (fingerprinted so a
/// reused request id with a different request is caught).
/// </summary>
public sealed record Mutation(AuthenticatedPrincipal Actor, string AccountId, string Action, string RequestId, IMessage Request);

/// <summary>The answer of a mutation and the audit line it leaves: object kind, id and non-secret details.</summary>
public sealed record MutationOutcome<TResponse>(TResponse Response, string Kind, string ObjectId, string Details);
