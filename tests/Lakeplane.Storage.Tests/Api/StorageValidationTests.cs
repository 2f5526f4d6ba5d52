using System.Diagnostics;
using Amazon.S3;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.Api;

/// <summary>
/// Locations are checked against a real S3-compatible server (s3rver) before the control plane hands them out: a missing
/// bucket, unknown keys and an unreachable endpoint are reported naming the bucket and the field.
/// </summary>
public sealed class StorageValidationTests(S3DaemonFixture daemon) : IClassFixture<S3DaemonFixture>
{
    [Fact]
    public async Task A_storage_configuration_on_a_missing_bucket_fails_naming_it_then_succeeds_once_it_exists()
    {
        var lakeplane = daemon.Connect();
        var bucket = VolumeWorld.BucketName("later");
        var request = new CreateStorageConfigurationRequest { AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = bucket };
        var failure = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "bucket_name",
            () => lakeplane.Account.CreateStorageConfigurationAsync(request));
        Assert.Contains($"Bucket '{bucket}' does not exist", failure.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", failure.Message, StringComparison.Ordinal);

        await daemon.S3.CreateBucketAsync(bucket);
        var created = await lakeplane.Account.CreateStorageConfigurationAsync(request);
        Assert.Equal(bucket, created.BucketName);
        // The probe cleaned up after itself.
        using var s3 = daemon.S3.Client();
        var left = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket });
        Assert.True(left.S3Objects is null || left.S3Objects.Count == 0);
    }

    [Fact]
    public async Task A_workspace_whose_root_bucket_went_away_fails_provisioning_naming_the_bucket()
    {
        var lakeplane = daemon.Connect();
        var bucket = VolumeWorld.BucketName("gone");
        await daemon.S3.CreateBucketAsync(bucket);
        var storage = await lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = bucket,
        });
        using (var s3 = daemon.S3.Client())
        {
            await s3.DeleteBucketAsync(bucket);
        }
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var created = await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
        var settled = await Fixtures.SettledAsync(lakeplane, created.WorkspaceId);
        Assert.Equal("FAILED", settled.WorkspaceStatus);
        Assert.Contains($"Bucket '{bucket}' does not exist", settled.WorkspaceStatusMessage, StringComparison.Ordinal);

        await daemon.S3.CreateBucketAsync(bucket);
        var retried = await Fixtures.SettledAsync(lakeplane, (await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        })).WorkspaceId);
        Assert.Equal("RUNNING", retried.WorkspaceStatus);
        using var client = daemon.S3.Client();
        // The workspace's root: a marker object s3://<bucket>/<deployment>/.
        Assert.Equal(0, (await client.GetObjectMetadataAsync(bucket, retried.DeploymentName + "/")).ContentLength);
    }

    [Fact]
    public async Task An_external_location_on_a_missing_bucket_fails_unless_validation_is_skipped()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var credential = await world.Admin.Catalog.CreateStorageCredentialAsync(new CreateStorageCredentialRequest
        {
            WorkspaceId = world.WorkspaceId, Name = Unique.Name("cred"), AwsIamRole = new AwsIamRole { RoleArn = Fixtures.RoleArn },
        });
        var bucket = VolumeWorld.BucketName("external");
        var request = new CreateExternalLocationRequest { WorkspaceId = world.WorkspaceId, Name = Unique.Name("loc"), Url = $"s3://{bucket}/landing", CredentialName = credential.Name };
        var failure = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "url",
            () => world.Admin.Catalog.CreateExternalLocationAsync(request));
        Assert.Contains($"Bucket '{bucket}' does not exist", failure.Message, StringComparison.Ordinal);
        Assert.Contains("skip_validation", failure.Message, StringComparison.Ordinal);

        request.SkipValidation = true;
        var unchecked_ = await world.Admin.Catalog.CreateExternalLocationAsync(request);
        Assert.Equal($"s3://{bucket}/landing", unchecked_.Url);

        await daemon.S3.CreateBucketAsync(bucket);
        var moved = await world.Admin.Catalog.UpdateExternalLocationAsync(new UpdateExternalLocationRequest
        {
            WorkspaceId = world.WorkspaceId, Name = unchecked_.Name, Url = $"s3://{bucket}/landing2",
        });
        Assert.Equal($"s3://{bucket}/landing2", moved.Url);
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "url",
            () => world.Admin.Catalog.UpdateExternalLocationAsync(new UpdateExternalLocationRequest
            {
                WorkspaceId = world.WorkspaceId, Name = unchecked_.Name, Url = $"s3://{VolumeWorld.BucketName("nowhere")}/x",
            }).ResponseAsync);
    }

    [Fact]
    public async Task A_daemon_with_an_unknown_access_key_reports_access_denied_and_never_the_secret()
    {
        const string secret = "very-secret-value-1234";
        await using var wrong = new CustomDaemon(new Dictionary<string, string>(daemon.S3.DaemonEnvironment())
        {
            ["LAKEPLANE_S3_ACCESS_KEY_ID"] = "UNKNOWN-KEY",
            ["LAKEPLANE_S3_SECRET_ACCESS_KEY"] = secret,
        });
        await wrong.InitializeAsync();
        var bucket = VolumeWorld.BucketName("denied");
        await daemon.S3.CreateBucketAsync(bucket);
        var lakeplane = wrong.Connect();
        var failure = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "bucket_name",
            () => lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
            {
                AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = bucket,
            }));
        Assert.Contains($"Access to bucket '{bucket}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidAccessKeyId", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, wrong.Daemon.Stdout + wrong.Daemon.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_whose_endpoint_is_unreachable_says_so_naming_the_bucket()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var unreachable = new CustomDaemon(new Dictionary<string, string>(daemon.S3.DaemonEnvironment())
        {
            ["LAKEPLANE_S3_ENDPOINT"] = $"http://127.0.0.1:{port}",
        });
        await unreachable.InitializeAsync();
        var lakeplane = unreachable.Connect();
        var failure = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "bucket_name",
            () => lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
            {
                AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = "some-bucket",
            }));
        Assert.Contains("cannot be reached", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'some-bucket'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LAKEPLANE_STORAGE_DRIVER", "ftp", "LAKEPLANE_STORAGE_DRIVER 'ftp'")]
    [InlineData("LAKEPLANE_S3_ENDPOINT", "not a url", "LAKEPLANE_S3_ENDPOINT 'not a url'")]
    [InlineData("LAKEPLANE_S3_ACCESS_KEY_ID", "ONLY-THE-ID", "without LAKEPLANE_S3_SECRET_ACCESS_KEY")]
    public async Task Bad_storage_settings_stop_the_daemon_with_exit_code_2_naming_the_setting(string variable, string value, string expected)
    {
        var (fileName, prefix) = DaemonBinary.Locate();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(["serve", "--listen", "127.0.0.1:0", "--data-dir", Directory.CreateTempSubdirectory("lakeplane-bad-").FullName]))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, await stderr + await stdout, StringComparison.Ordinal);
    }

    /// <summary>A second daemon with its own settings, for one test.</summary>
    private sealed class CustomDaemon(IReadOnlyDictionary<string, string> environment) : DaemonFixture, IAsyncDisposable
    {
        protected override IReadOnlyDictionary<string, string> Environment => environment;

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
