using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.WorkspaceFiles.Tests.Support;

/// <summary>A daemon whose workspace data keys are wrapped by a KMS key, served by a <see cref="LocalKmsStandIn"/>.</summary>
public sealed class KmsDaemonFixture : DaemonFixture
{
    public LocalKmsStandIn Kms { get; } = new();

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LAKEPLANE_KMS_KEY_ID"] = "alias/lakeplane-workspace-files",
        ["LAKEPLANE_KMS_ENDPOINT"] = Kms.Endpoint,
        ["LAKEPLANE_KMS_REGION"] = "us-east-1",
        // The stand-in checks no signature, but the SDK signs every call and needs credentials to.
        ["AWS_ACCESS_KEY_ID"] = "AKIDLAKEPLANETEST",
        ["AWS_SECRET_ACCESS_KEY"] = "lakeplane-test-secret",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public override async Task InitializeAsync()
    {
        await Kms.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Kms.DisposeAsync();
    }
}
