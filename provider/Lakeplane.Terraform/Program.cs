using Lakeplane.Protos.GoPlugin;
using Lakeplane.Terraform.GoPlugin;
using Lakeplane.Terraform.Hosting;
using Lakeplane.Terraform.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// terraform-provider-lakeplane: composition only. The go-plugin handshake in order: check that
// terraform started us, start the server, print the one handshake line, serve until Shutdown.
var launch = PluginLaunch.FromEnvironment(Environment.GetEnvironmentVariable);
if (!launch.ShouldServe)
{
    Console.Error.WriteLine(launch.Refusal);
    return 1;
}

// Before anything touches a certificate (see SystemTrustStoreDetachment).
SystemTrustStoreDetachment.Apply(Environment.GetEnvironmentVariable);
using var serverCertificate = launch.ClientCertificatePem is null ? null : ServerCertificateFactory.Create();
var stdio = new StdioForwarder();
await using var app = PluginServer.Build(launch, serverCertificate, ProviderCatalog.Lakeplane(), stdio);
// The AutoMTLS settings (the server certificate's context, one chain build) on the other core while the
// server starts, so terraform's first connection rarely waits for them.
app.Services.GetService<DeferredServerTls>()?.WarmInBackground();
await app.StartAsync();

var handshake = HandshakeLine.Format(launch.ProtocolVersion, PluginServer.BoundEndpoint(app), serverCertificate?.RawData);
var stdout = Console.Out;
await stdout.WriteLineAsync(handshake);
await stdout.FlushAsync();
// From here on stdout is go-plugin's stdio stream, never the pipe terraform read the handshake from.
Console.SetOut(stdio.CreateWriter(StdioData.Types.Channel.Stdout));

await app.WaitForShutdownAsync();
return 0;
