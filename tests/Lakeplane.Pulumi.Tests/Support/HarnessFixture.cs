namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>One plugin process shared by a test class whose tests do not depend on its configuration.</summary>
public sealed class HarnessFixture : IAsyncLifetime
{
    private EngineHarness? _harness;

    public EngineHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
