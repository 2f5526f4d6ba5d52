using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>
/// Credentials in the customer's account: sts:AssumeRole of the workspace's credentials role with its external id,
/// signed with lakeplaned's own AWS credentials (the SDK's default chain: environment, profile, instance role).
/// Each role's session is kept until five minutes before it expires, so a reconcile round does not cost an STS call.
/// </summary>
public sealed class AssumedRoleCredentials(Ec2DriverSettings settings, TimeProvider time, ILogger<AssumedRoleCredentials> logger)
{
    private static readonly TimeSpan SessionLength = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>A role STS refused is not asked again for this long: every reconcile round would otherwise call STS.</summary>
    private static readonly TimeSpan RetryRefusedAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string RoleArn, string ExternalId, string Region), Session> _sessions = new();
    private readonly ConcurrentDictionary<(string RoleArn, string ExternalId, string Region), (ComputeDriverException Error, DateTimeOffset At)> _refused = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);

    private sealed record Session(AWSCredentials Credentials, DateTimeOffset Expires);

    /// <summary>Session credentials of the target's role, from the cache while they last.</summary>
    public async Task<AWSCredentials> ForAsync(ComputeTarget target, CancellationToken cancellationToken)
    {
        if (target.RoleArn.Length == 0)
        {
            throw new ComputeDriverException(
                $"Workspace {target.WorkspaceId} has no credentials (credentials_id): the ec2 compute driver launches nodes in the customer's account through its cross-account role.");
        }
        var key = (target.RoleArn, target.ExternalId, target.AwsRegion);
        if (_sessions.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.Expires - RenewBefore)
        {
            return cached.Credentials;
        }
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (_sessions.TryGetValue(key, out cached) && time.GetUtcNow() < cached.Expires - RenewBefore)
            {
                return cached.Credentials;
            }
            if (_refused.TryGetValue(key, out var refused) && time.GetUtcNow() - refused.At < RetryRefusedAfter)
            {
                throw new ComputeDriverException(refused.Error.Message, refused.Error.InnerException);
            }
            try
            {
                var session = await AssumeAsync(target, cancellationToken);
                _sessions[key] = session;
                _refused.TryRemove(key, out _);
                return session.Credentials;
            }
            catch (ComputeDriverException exception)
            {
                _refused[key] = (exception, time.GetUtcNow());
                throw;
            }
        }
        finally
        {
            _renewing.Release();
        }
    }

    private async Task<Session> AssumeAsync(ComputeTarget target, CancellationToken cancellationToken)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        if (settings.StsServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = target.AwsRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(target.AwsRegion);
        }
        using var sts = new AmazonSecurityTokenServiceClient(config);
        var request = new AssumeRoleRequest
        {
            RoleArn = target.RoleArn,
            ExternalId = target.ExternalId,
            // Shows in the customer's CloudTrail as who acted.
            RoleSessionName = "lakeplane-workspace-" + target.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DurationSeconds = (int)SessionLength.TotalSeconds,
        };
        try
        {
            var response = await sts.AssumeRoleAsync(request, cancellationToken);
            var credentials = response.Credentials;
            logger.LogInformation("Assumed role {RoleArn} for workspace {WorkspaceId} until {Expiration:o}", target.RoleArn, target.WorkspaceId, credentials.Expiration);
            return new Session(
                new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
                credentials.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) : time.GetUtcNow() + SessionLength);
        }
        catch (AmazonSecurityTokenServiceException exception)
        {
            throw new ComputeDriverException(
                $"lakeplaned could not assume the workspace's credentials role {target.RoleArn} (external id {target.ExternalId}) in {target.AwsRegion}: " +
                $"{exception.ErrorCode}: {exception.Message} Check that the role's trust policy lets lakeplaned's AWS principal call sts:AssumeRole " +
                "with that sts:ExternalId.", exception);
        }
        catch (AmazonClientException exception)
        {
            throw new ComputeDriverException(
                $"lakeplaned could not call sts:AssumeRole for role {target.RoleArn}: {exception.Message} lakeplaned needs AWS credentials of its own " +
                "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or an instance role) to assume workspace roles with.", exception);
        }
    }
}
