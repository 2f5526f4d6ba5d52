using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lakeplane.Daemon.Aws;

/// <summary>
/// The one source of credentials in a customer's AWS account: sts:AssumeRole of a cross-account role with its external
/// id, signed with lakeplaned's own AWS credentials (the SDK's default chain: environment, profile, instance role). The
/// ec2 compute driver and the s3 storage driver both take their sessions here. Each session is kept until five minutes
/// before it expires, so steady work costs no STS call; a role STS refused is not asked again for a short while.
/// </summary>
public sealed class RoleSessions(RoleSessionSettings settings, TimeProvider time, ILogger<RoleSessions> logger)
{
    private static readonly TimeSpan SessionLength = TimeSpan.FromHours(1);

    /// <summary>How long before its expiry a session is renewed.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>A role STS refused is not asked again for this long: every reconcile round or request would otherwise call STS.</summary>
    private static readonly TimeSpan RetryRefusedAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<AssumedRole, RoleSession> _sessions = new();
    private readonly ConcurrentDictionary<AssumedRole, (RoleAssumptionException Error, DateTimeOffset At)> _refused = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);

    /// <summary>Sessions on AWS's own STS, for drivers made outside the daemon's wiring (their tests).</summary>
    public static RoleSessions OnAws() => new(RoleSessionSettings.AwsDefault, TimeProvider.System, NullLogger<RoleSessions>.Instance);

    /// <summary>A session of the role, from the cache while it lasts; <see cref="RoleAssumptionException"/> when STS refuses.</summary>
    public async Task<RoleSession> AssumeAsync(AssumedRole role, CancellationToken cancellationToken)
    {
        if (Fresh(role) is { } cached)
        {
            return cached;
        }
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(role) is { } renewed)
            {
                return renewed;
            }
            if (_refused.TryGetValue(role, out var refused) && time.GetUtcNow() - refused.At < RetryRefusedAfter)
            {
                throw new RoleAssumptionException(refused.Error.Message, refused.Error.AccessDenied, refused.Error.InnerException);
            }
            try
            {
                var session = await CallStsAsync(role, cancellationToken);
                _sessions[role] = session;
                _refused.TryRemove(role, out _);
                return session;
            }
            catch (RoleAssumptionException exception)
            {
                _refused[role] = (exception, time.GetUtcNow());
                throw;
            }
        }
        finally
        {
            _renewing.Release();
        }
    }

    private RoleSession? Fresh(AssumedRole role) =>
        _sessions.TryGetValue(role, out var session) && time.GetUtcNow() < session.Expires - RenewBefore ? session : null;

    private async Task<RoleSession> CallStsAsync(AssumedRole role, CancellationToken cancellationToken)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        if (settings.StsServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = role.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(role.Region);
        }
        using var sts = new AmazonSecurityTokenServiceClient(config);
        var request = new AssumeRoleRequest
        {
            RoleArn = role.RoleArn,
            ExternalId = role.ExternalId.Length == 0 ? null : role.ExternalId,
            // Shows in the customer's CloudTrail as who acted.
            RoleSessionName = role.SessionName,
            DurationSeconds = (int)SessionLength.TotalSeconds,
        };
        try
        {
            var response = await sts.AssumeRoleAsync(request, cancellationToken);
            var credentials = response.Credentials;
            var expires = credentials.Expiration is { } expiration
                ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc))
                : time.GetUtcNow() + SessionLength;
            logger.LogInformation("Assumed role {RoleArn} as {SessionName} until {Expiration:o}", role.RoleArn, role.SessionName, expires);
            return new RoleSession(new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expires);
        }
        catch (AmazonSecurityTokenServiceException exception)
        {
            throw new RoleAssumptionException(
                $"lakeplaned could not assume the role {role.RoleArn} (external id {role.ExternalId}) in {role.Region}: " +
                $"{exception.ErrorCode}: {exception.Message} Check that the role's trust policy lets lakeplaned's AWS principal call sts:AssumeRole " +
                "with that sts:ExternalId.", accessDenied: true, exception);
        }
        catch (AmazonClientException exception)
        {
            throw new RoleAssumptionException(
                $"lakeplaned could not call sts:AssumeRole for role {role.RoleArn}: {exception.Message} lakeplaned needs AWS credentials of its own " +
                "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or an instance role) to assume roles with.", accessDenied: false, exception);
        }
    }
}

/// <summary>Which session: the role, its external id (empty for none), the region whose STS is asked, and the session's name.</summary>
public sealed record AssumedRole(string RoleArn, string ExternalId, string Region, string SessionName);

/// <summary>Temporary keys of an assumed role and when they stop working.</summary>
public sealed record RoleSession(ImmutableCredentials Credentials, DateTimeOffset Expires);

/// <summary>STS refused (<see cref="AccessDenied"/>) or could not be called; the message names the role and the fix.</summary>
public sealed class RoleAssumptionException(string message, bool accessDenied, Exception? innerException) : Exception(message, innerException)
{
    public bool AccessDenied { get; } = accessDenied;
}
