using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A real S3-compatible server (the npm package s3rver) on 127.0.0.1 on a free port, with its objects in a fresh
/// directory: tests/scripts/s3rver.sh installs it (npm ci, once) and starts it. s3rver signs with one key pair.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";

    private readonly string _directory;

    private S3rverProcess(string directory, Uri endpoint)
    {
        _directory = directory;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<S3rverProcess> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lakeplane-s3rver-").FullName;
        var output = await RunScriptAsync("start", directory);
        return new S3rverProcess(directory, new Uri(output.Trim()));
    }

    /// <summary>The driver's settings for this server, with its keys unless others are given.</summary>
    public StorageSettings Settings(string accessKeyId = AccessKeyId, string secretAccessKey = SecretAccessKey) =>
        new("s3", false, Endpoint, "us-east-1", true, accessKeyId, false) { S3SecretAccessKey = secretAccessKey };

    /// <summary>The environment that puts a lakeplaned on this server.</summary>
    public Dictionary<string, string> DaemonEnvironment() => new()
    {
        ["LAKEPLANE_STORAGE_DRIVER"] = "s3",
        ["LAKEPLANE_S3_ENDPOINT"] = Endpoint.ToString(),
        ["LAKEPLANE_S3_ACCESS_KEY_ID"] = AccessKeyId,
        ["LAKEPLANE_S3_SECRET_ACCESS_KEY"] = SecretAccessKey,
    };

    /// <summary>An SDK client straight to the server, for what a test sets up or checks behind the daemon's back.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKeyId, SecretAccessKey), new AmazonS3Config
    {
        ServiceURL = Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task CreateBucketAsync(string bucket)
    {
        using var client = Client();
        await client.PutBucketAsync(bucket);
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop", _directory);
        if (Environment.GetEnvironmentVariable("LAKEPLANE_KEEP_S3RVER") is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<string> RunScriptAsync(string command, string directory)
    {
        var script = Path.Combine(DaemonBinary.RepositoryRoot(), "tests", "scripts", "s3rver.sh");
        var start = new ProcessStartInfo("bash", [script, command, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"s3rver.sh {command} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
        return await stdout;
    }
}
