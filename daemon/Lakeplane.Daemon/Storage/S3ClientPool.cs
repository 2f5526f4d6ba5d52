using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Lakeplane.Daemon.Aws;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// One S3 client per authority, made once and kept (each holds its connections and, for an assumed role, refreshes its
/// STS session before it expires). The daemon's own authority is its static keys, or the default AWS credential chain;
/// with <see cref="StorageSettings.S3AssumeRole"/> a <see cref="StorageAccess"/> naming a role gets that role, assumed
/// with its external id through <see cref="RoleSessions"/> (the same sessions the ec2 compute driver uses).
/// </summary>
internal sealed class S3ClientPool(StorageSettings settings, RoleSessions roleSessions) : IDisposable
{
    /// <summary>How the storage driver's sessions show in the customer's CloudTrail.</summary>
    public const string SessionName = "lakeplane-storage";

    private readonly ConcurrentDictionary<StorageAccess, Lazy<AmazonS3Client>> _clients = new();

    /// <summary>How messages name the server: the endpoint, or the AWS region.</summary>
    public string EndpointName { get; } = settings.S3Endpoint?.ToString().TrimEnd('/') ?? "AWS S3 in " + settings.S3Region;

    public AmazonS3Client For(StorageAccess access)
    {
        var key = settings.S3AssumeRole && access.RoleArn is not null ? access : StorageAccess.Daemon;
        return _clients.GetOrAdd(key, k => new Lazy<AmazonS3Client>(() => Create(k))).Value;
    }

    private AmazonS3Client Create(StorageAccess access)
    {
        AWSCredentials credentials = access.RoleArn is not null
            ? new RoleSessionCredentials(roleSessions, new AssumedRole(access.RoleArn, access.ExternalId ?? "", settings.S3Region, SessionName))
            : settings.S3AccessKeyId is not null
                ? new BasicAWSCredentials(settings.S3AccessKeyId, settings.S3SecretAccessKey)
                : DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.S3ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers do not all read the trailing checksums
            // the SDK adds by default, and the daemon streams content through without rereading it.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // An unreachable endpoint should fail a validation within seconds, not after minutes of backoff.
            MaxErrorRetry = 2,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (settings.S3Endpoint is not null)
        {
            config.ServiceURL = settings.S3Endpoint.ToString();
            config.AuthenticationRegion = settings.S3Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.S3Region);
        }
        return new AmazonS3Client(credentials, config);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(lazy => lazy.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
