namespace Lakeplane.Terraform.Tests.Support;

/// <summary>One provider process shared by a test class: terraform too sends many RPCs to one process.</summary>
public sealed class SharedProviderProcess : IAsyncLifetime
{
    private ProviderProcess? _process;

    public ProviderProcess Process => _process ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _process = await ProviderProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
