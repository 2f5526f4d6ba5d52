using Amazon.Runtime;
using Lakeplane.Daemon.Aws;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>
/// Credentials in the customer's account for the ec2 driver: the workspace's credentials role with its external id,
/// assumed through <see cref="RoleSessions"/> (the one AssumeRole source, shared with the s3 storage driver, which caches
/// each session until shortly before it expires). Here only the target is checked and a refusal becomes the driver's error.
/// </summary>
public sealed class AssumedRoleCredentials(RoleSessions sessions)
{
    /// <summary>Session credentials of the target's role, from the cache while they last.</summary>
    public async Task<AWSCredentials> ForAsync(ComputeTarget target, CancellationToken cancellationToken)
    {
        if (target.RoleArn.Length == 0)
        {
            throw new ComputeDriverException(
                $"Workspace {target.WorkspaceId} has no credentials (credentials_id): the ec2 compute driver launches nodes in the customer's account through its cross-account role.");
        }
        var role = new AssumedRole(target.RoleArn, target.ExternalId, target.AwsRegion,
            "lakeplane-workspace-" + target.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var session = await sessions.AssumeAsync(role, cancellationToken);
            return new SessionAWSCredentials(session.Credentials.AccessKey, session.Credentials.SecretKey, session.Credentials.Token);
        }
        catch (RoleAssumptionException exception)
        {
            throw new ComputeDriverException(exception.Message, exception);
        }
    }
}
