using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Replaces the console lifetime: Ctrl-C reaches the whole process group, and terraform turns
/// it into StopProvider calls itself, so SIGINT must not kill an apply halfway (go-plugin
/// plugins ignore it too). SIGTERM still stops the server.
/// </summary>
public sealed class PluginLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private PosixSignalRegistration? _interrupt;
    private PosixSignalRegistration? _terminate;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _interrupt?.Dispose();
        _terminate?.Dispose();
    }
}
