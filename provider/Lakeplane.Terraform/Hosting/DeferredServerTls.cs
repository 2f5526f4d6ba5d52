using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// The AutoMTLS settings, built on first use instead of at start: building the server's
/// certificate context builds an X509Chain, which is kept off the path to the handshake line
/// (with the system store loaded, as it was before SystemTrustStoreDetachment, ~50 ms). Deferred,
/// it is warmed on another core while the server starts and terraform sets up its own client.
/// </summary>
public sealed class DeferredServerTls(X509Certificate2 serverCertificate, ClientCertificatePolicy clientPolicy)
{
    private readonly Lazy<SslServerAuthenticationOptions> _options = new(() => Build(serverCertificate, clientPolicy), LazyThreadSafetyMode.ExecutionAndPublication);

    public SslServerAuthenticationOptions Options => _options.Value;

    /// <summary>Builds the settings in the background; a connection arriving first just waits for them.</summary>
    public void WarmInBackground() => _ = Task.Run(() => _options.Value);

    private static SslServerAuthenticationOptions Build(X509Certificate2 serverCertificate, ClientCertificatePolicy clientPolicy) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, additionalCertificates: null, offline: true),
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ApplicationProtocols = [SslApplicationProtocol.Http2],
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // terraform's certificate is the one trusted root, and the callback decides anyway.
        CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { clientPolicy.Certificate },
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        },
        // Trust is exactly terraform's certificate, byte for byte (see ClientCertificatePolicy).
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is X509Certificate2 presented ? clientPolicy.Accepts(presented)
            : certificate is not null && clientPolicy.Accepts(new X509Certificate2(certificate)),
    };
}
