namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// One lakeplaned for every end-to-end class: starting it costs a second or two, and a real
/// deployment also serves many configurations at once. Tests keep apart by using their own
/// object names, never by order. Workspaces stay PROVISIONING for a short, fixed time so that
/// waiting for RUNNING is exercised on every create, and long enough that a 100ms create timeout
/// reliably expires first even on a loaded machine.
/// </summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    public const int ProvisionDelayMilliseconds = 2000;

    private DaemonProcess? _daemon;

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("lakeplaned not started");

    public async Task InitializeAsync() =>
        _daemon = await DaemonProcess.StartAsync(new Dictionary<string, string>
        {
            ["LAKEPLANE_PROVISION_DELAY_MS"] = ProvisionDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DaemonCollection : ICollectionFixture<DaemonFixture>
{
    public const string Name = "lakeplaned end-to-end";
}
