using Amazon.Runtime;

namespace Lakeplane.Daemon.Aws;

/// <summary>
/// An assumed role as the AWS SDK's clients take credentials: each signing asks <see cref="RoleSessions"/>, which hands
/// out the cached session and renews it before it expires. Lets a long-lived client (one per role in the s3 driver)
/// sign every request with the role's current temporary keys.
/// </summary>
public sealed class RoleSessionCredentials(RoleSessions sessions, AssumedRole role) : RefreshingAWSCredentials
{
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var session = await sessions.AssumeAsync(role, CancellationToken.None);
        // Refreshed again when RoleSessions would renew it, not at the very end of its life.
        return new CredentialsRefreshState(session.Credentials, (session.Expires - RoleSessions.RenewBefore).UtcDateTime);
    }
}
