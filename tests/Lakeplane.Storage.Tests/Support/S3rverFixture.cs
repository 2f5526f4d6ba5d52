namespace Lakeplane.Storage.Tests.Support;

/// <summary>One s3rver per test class; tests make their own buckets with unique names.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rverProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3rverProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
