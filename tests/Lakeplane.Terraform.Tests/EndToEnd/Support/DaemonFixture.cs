namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// A lakeplaned for one end-to-end class (its class fixture): starting it costs a second or two,
/// and a daemon per class lets xunit run the classes side by side, where one daemon shared by all
/// of them made them one collection, run one class after another, the tail of `make test`. Tests
/// of a class keep apart by using their own object names, never by order. Workspaces stay
/// PROVISIONING for a short, fixed time so that waiting for RUNNING is exercised on every create,
/// and long enough that a 100ms create timeout reliably expires first even on a loaded machine.
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
