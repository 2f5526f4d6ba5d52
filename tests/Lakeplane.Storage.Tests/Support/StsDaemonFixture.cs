using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A lakeplaned on the s3 driver with LAKEPLANE_S3_ASSUME_ROLE=true, as on AWS: its STS client talks to a
/// <see cref="RecordedStsEndpoint"/> (with AWS credentials of its own to call AssumeRole with), and its S3 client to
/// s3rver through a <see cref="RecordingS3Proxy"/> that records who signed each request.
/// </summary>
public sealed class StsDaemonFixture : DaemonFixture
{
    public S3rverProcess S3 { get; private set; } = null!;

    public RecordedStsEndpoint Sts { get; } = new();

    public RecordingS3Proxy Proxy { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LAKEPLANE_STORAGE_DRIVER"] = "s3",
        ["LAKEPLANE_S3_ENDPOINT"] = Proxy.Url,
        ["LAKEPLANE_S3_ASSUME_ROLE"] = "true",
        ["LAKEPLANE_STS_ENDPOINT"] = Sts.Url,
        ["AWS_ACCESS_KEY_ID"] = RecordedStsEndpoint.BaseAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = RecordedStsEndpoint.BaseSecretAccessKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public override async Task InitializeAsync()
    {
        S3 = await S3rverProcess.StartAsync();
        await Sts.StartAsync();
        Proxy = new RecordingS3Proxy(S3.Endpoint, key => Sts.IssuedFor(key) is not null);
        await Proxy.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await Proxy.DisposeAsync();
            await Sts.DisposeAsync();
            await S3.DisposeAsync();
        }
    }
}
