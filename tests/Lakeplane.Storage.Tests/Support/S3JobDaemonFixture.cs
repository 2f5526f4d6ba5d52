using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Jobs.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A lakeplaned on the s3 driver against its own s3rver, with real local node agents and a RUNNING cluster (the jobs
/// tests' fixture), whose workspace's root bucket is made in s3rver before the workspace is created.
/// </summary>
public sealed class S3JobDaemonFixture : JobDaemonFixture
{
    public S3rverProcess S3 { get; private set; } = null!;

    /// <summary>The workspace's root bucket in s3rver.</summary>
    public string RootBucket { get; } = VolumeWorld.BucketName("jobs-root");

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment => S3.DaemonEnvironment();

    public override async Task InitializeAsync()
    {
        S3 = await S3rverProcess.StartAsync();
        await S3.CreateBucketAsync(RootBucket);
        await base.InitializeAsync();
    }

    protected override async Task<Workspace> CreateWorkspaceAsync()
    {
        var credentials = await Fixtures.CredentialsAsync(Lakeplane);
        var storage = await Lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = Lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = RootBucket,
        });
        return await Lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = Lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await S3.DisposeAsync();
        }
    }
}
