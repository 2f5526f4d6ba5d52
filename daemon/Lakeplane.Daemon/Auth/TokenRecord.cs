namespace Lakeplane.Daemon.Auth;

/// <summary>
/// A stored token. The store row's id is the SHA-256 of the token value, so a presented token is
/// found with one lookup and the value itself is never kept; the public token_id is the row's name.
/// </summary>
/// <param name="WorkspaceId">0 for an account-wide token (the bootstrap admin's), else the only workspace it works in.</param>
/// <param name="ExpiryTime">Epoch milliseconds, -1 when it never expires.</param>
public sealed record TokenRecord(
    string TokenId,
    string PrincipalId,
    long WorkspaceId,
    string Comment,
    long CreationTime,
    long ExpiryTime,
    string CreatedBy);
