using System.Text;
using Amazon.S3.Model;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.S3;

/// <summary>
/// The s3 driver on AWS terms (LAKEPLANE_S3_ASSUME_ROLE): the workspace's storage is reached as the workspace's
/// cross-account role, assumed through STS with its external id by lakeplaned's own AWS credentials, and every S3
/// request is signed with the temporary keys STS returned. STS is a recorded stand-in on 127.0.0.1 (no AWS here);
/// S3 is a real s3rver behind a proxy that records each request's signer.
/// </summary>
public sealed class S3AssumeRoleTests(StsDaemonFixture daemon) : IClassFixture<StsDaemonFixture>
{
    [Fact]
    public async Task Workspace_storage_is_reached_with_its_role_assumed_with_its_external_id_AgainstRecordedStsHandler()
    {
        var lakeplane = daemon.Connect();
        var bucket = VolumeWorld.BucketName("role-root");
        await daemon.S3.CreateBucketAsync(bucket);
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var storage = await lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = bucket,
        });
        var created = await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
        // Provisioning probes the root bucket (write, read back, delete) as the workspace's role.
        var workspace = await Fixtures.SettledAsync(lakeplane, created.WorkspaceId);
        Assert.True(workspace.WorkspaceStatus == "RUNNING", workspace.WorkspaceStatusMessage);

        // A workspace file goes to the same storage, under the same role.
        using var http = daemon.Http();
        http.DefaultRequestHeaders.Add("X-Databricks-Org-Id", workspace.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var imported = await http.PostAsync("/api/2.0/workspace/import", new StringContent(
            $$"""{"path": "/Shared/{{Guid.NewGuid():N}}.py", "format": "RAW", "content": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes("print(1)\n"))}}"}""",
            Encoding.UTF8, "application/json"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        // STS: the workspace's role, with the credentials' external id, asked by lakeplaned's own keys; one session for all of it.
        var assumed = Assert.Single(daemon.Sts.Calls, c => c.Parameters.GetValueOrDefault("RoleArn") == credentials.RoleArn);
        Assert.Equal(credentials.ExternalId, assumed.Parameters["ExternalId"]);
        Assert.Equal(lakeplane.AccountId, assumed.Parameters["ExternalId"]);
        Assert.Equal(RecordedStsEndpoint.BaseAccessKeyId, assumed.SignedWithAccessKey);
        Assert.Equal("sts", assumed.SignedForService);
        Assert.Null(assumed.SecurityToken);

        // S3: every request to the bucket was signed with the keys STS issued for that role, and carried its session token.
        var toBucket = daemon.Proxy.Requests.Where(r => r.Path.StartsWith($"/{bucket}", StringComparison.Ordinal)).ToList();
        Assert.Contains(toBucket, r => r.Method == "PUT" && r.Path.Contains("/.lakeplane-probe", StringComparison.Ordinal));
        Assert.Contains(toBucket, r => r.Method == "PUT" && r.Path.StartsWith($"/{bucket}/{workspace.DeploymentName}/workspace-files/", StringComparison.Ordinal));
        Assert.All(toBucket, r =>
        {
            var issued = daemon.Sts.IssuedFor(r.SignedWithAccessKey);
            Assert.True(issued is not null, $"{r.Method} {r.Path} was signed with {r.SignedWithAccessKey}, not a key STS issued");
            Assert.Equal(credentials.RoleArn, issued.RoleArn);
            Assert.Equal(issued.SessionToken, r.SecurityToken);
            Assert.Equal("s3", r.SignedForService);
            // Accepted (a 404 is the probe asking whether its marker is there), never refused.
            Assert.True(r.Status is < 400 or 404, $"{r.Method} {r.Path} answered {r.Status}");
        });

        // And the content is really there.
        using var s3 = daemon.S3.Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = workspace.DeploymentName + "/workspace-files/" });
        Assert.Single(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task A_role_sts_refuses_fails_provisioning_naming_the_role_and_external_id_AgainstRecordedStsHandler()
    {
        var lakeplane = daemon.Connect();
        var bucket = VolumeWorld.BucketName("denied-root");
        await daemon.S3.CreateBucketAsync(bucket);
        var role = "arn:aws:iam::123456789012:role/lakeplane-denied-" + Guid.NewGuid().ToString("N")[..8];
        var credentials = await lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest
        {
            AccountId = lakeplane.AccountId, CredentialsName = Unique.Name("creds"), RoleArn = role,
        });
        var storage = await lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = bucket,
        });
        var created = await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
        var workspace = await Fixtures.SettledAsync(lakeplane, created.WorkspaceId);

        Assert.Equal("FAILED", workspace.WorkspaceStatus);
        Assert.Contains(role, workspace.WorkspaceStatusMessage, StringComparison.Ordinal);
        Assert.Contains($"external id {lakeplane.AccountId}", workspace.WorkspaceStatusMessage, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", workspace.WorkspaceStatusMessage, StringComparison.Ordinal);
        Assert.Contains(daemon.Sts.Calls, c => c.Parameters.GetValueOrDefault("RoleArn") == role && c.Parameters["ExternalId"] == lakeplane.AccountId);
        Assert.DoesNotContain(daemon.Proxy.Requests, r => r.Path.StartsWith($"/{bucket}", StringComparison.Ordinal));
    }
}
