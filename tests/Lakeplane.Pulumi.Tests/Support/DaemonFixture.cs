namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>One real daemon and one plugin process configured for it, shared by a test class.</summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    private DaemonProcess? _daemon;
    private EngineHarness? _harness;

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public EngineHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _daemon = await DaemonProcess.StartAsync();
        _harness = await EngineHarness.StartAsync();
        // As the engine sends it: the token a secret, every key camelCase.
        _harness.Configure(Props.Of(("host", _daemon.Host), ("token", Props.Secret(_daemon.Token)), ("accountId", _daemon.AccountId)));
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
