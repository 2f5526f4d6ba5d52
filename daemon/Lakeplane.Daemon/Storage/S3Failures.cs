using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Lakeplane.Daemon.Aws;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Turns what the AWS SDK throws into a <see cref="StorageException"/> a user can act on: the bucket named, the S3
/// error code kept, and never a key of the daemon's configuration.
/// </summary>
internal static class S3Failures
{
    public static bool IsNotFound(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode is not "NoSuchBucket";

    public static StorageException Translate(Exception exception, string bucket, string endpoint) => exception switch
    {
        // Signing needed the workspace's (or storage credential's) role, and STS refused it or could not be reached.
        RoleAssumptionException role => new StorageException(role.AccessDenied ? StorageFailure.AccessDenied : StorageFailure.Other, bucket,
            $"Bucket '{bucket}' at {endpoint} was not called: {role.Message}", role),
        { InnerException: RoleAssumptionException role } => Translate(role, bucket, endpoint),
        AmazonS3Exception { ErrorCode: "NoSuchBucket" } s3 => new StorageException(StorageFailure.BucketMissing, bucket,
            $"Bucket '{bucket}' does not exist at {endpoint} (NoSuchBucket): create the bucket, or name an existing one.", s3),
        AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } s3 => new StorageException(StorageFailure.AccessDenied, bucket,
            $"Access to bucket '{bucket}' at {endpoint} was denied ({s3.ErrorCode}): {AccessAdvice(s3.ErrorCode)}", s3),
        AmazonS3Exception s3 => new StorageException(StorageFailure.Other, bucket,
            $"Bucket '{bucket}' at {endpoint} refused the request ({s3.ErrorCode}, HTTP {(int)s3.StatusCode}): {s3.Message}", s3),
        AmazonServiceException { InnerException: { } inner } when IsConnectionFailure(inner) => Unreachable(bucket, endpoint, inner),
        _ when IsConnectionFailure(exception) => Unreachable(bucket, endpoint, exception),
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } service => new StorageException(StorageFailure.AccessDenied, bucket,
            $"Access to bucket '{bucket}' at {endpoint} was denied while assuming the role ({service.ErrorCode}): check the role's trust policy and external id.", service),
        _ => new StorageException(StorageFailure.Other, bucket, $"A call to bucket '{bucket}' at {endpoint} failed: {exception.Message}", exception),
    };

    private static string AccessAdvice(string? errorCode) => errorCode switch
    {
        "InvalidAccessKeyId" => "the daemon's access key id (LAKEPLANE_S3_ACCESS_KEY_ID) is not known to this server.",
        "SignatureDoesNotMatch" => "the daemon's secret access key (LAKEPLANE_S3_SECRET_ACCESS_KEY) does not match its access key id.",
        _ => "grant the role or keys the daemon uses s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on it.",
    };

    private static StorageException Unreachable(string bucket, string endpoint, Exception cause) => new(StorageFailure.Unreachable, bucket,
        $"The storage endpoint {endpoint} of bucket '{bucket}' cannot be reached ({cause.Message}): check LAKEPLANE_S3_ENDPOINT and that the server is up.", cause);

    private static bool IsConnectionFailure(Exception? exception) => exception switch
    {
        null => false,
        HttpRequestException or SocketException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => IsConnectionFailure(exception.InnerException),
    };
}
