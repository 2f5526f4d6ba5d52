using System.Diagnostics;
using Grpc.Core;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Terraform.Tests.Support;
using Xunit.Abstractions;
using Empty = Google.Protobuf.WellKnownTypes.Empty;
using PluginEmpty = Lakeplane.Protos.GoPlugin.Empty;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>
/// Ending a provider process as terraform does: go-plugin's Shutdown must make it exit well
/// inside go-plugin's 2 s grace (or every launch costs 2 s and a warning); StopProvider cancels
/// work but leaves the process serving.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Controller_shutdown_makes_the_process_exit_within_a_second()
    {
        await using var provider = await ProviderProcess.StartAsync();
        output.WriteLine($"start → handshake: {provider.StartToHandshake.TotalMilliseconds:F0} ms");
        // terraform opens the stdio stream early and keeps it open; shutdown must not wait for it.
        using var stdio = provider.Stdio.StreamStdio(new Empty());
        var stdioEnded = Task.Run(async () =>
        {
            try
            {
                while (await stdio.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            catch (RpcException)
            {
                // A stream cut by the exiting process is an acceptable end too.
            }
        });
        await provider.Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());

        var stopwatch = Stopwatch.StartNew();
        await provider.Controller.ShutdownAsync(new PluginEmpty());
        var exitCode = await provider.WaitForExitAsync(TimeSpan.FromSeconds(5));
        output.WriteLine($"Shutdown → exit: {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"exit took {stopwatch.ElapsedMilliseconds} ms");
        await stdioEnded.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StopProvider_answers_and_the_process_keeps_serving()
    {
        await using var provider = await ProviderProcess.StartAsync();

        var stop = await provider.Provider.StopProviderAsync(new StopProvider.Types.Request());
        var schema = await provider.Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());

        Assert.Equal("", stop.Error);
        Assert.Empty(schema.Diagnostics);
        Assert.False(provider.HasExited);
        Assert.Contains("stop", provider.Stderr);
    }

    [Fact]
    public async Task Sigint_from_a_terminal_ctrl_c_does_not_kill_it()
    {
        await using var provider = await ProviderProcess.StartAsync();

        using (var kill = Process.Start("kill", ["-INT", provider.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await Task.Delay(300);
        var schema = await provider.Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());

        Assert.False(provider.HasExited);
        Assert.Empty(schema.Diagnostics);
    }
}
