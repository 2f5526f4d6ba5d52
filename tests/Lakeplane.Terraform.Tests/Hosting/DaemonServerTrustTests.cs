using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lakeplane.Protos.Client;
using Lakeplane.Terraform.Hosting;

namespace Lakeplane.Terraform.Tests.Hosting;

/// <summary>
/// The provider keeps .NET away from the system trust store (SystemTrustStoreDetachment); an https
/// daemon is then checked against the roots terraform itself trusts. These tests hold that check to
/// what the system store check did: right root, right name, valid now, for server authentication.
/// </summary>
public sealed class DaemonServerTrustTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lakeplane-roots-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_certificate_issued_by_a_trusted_root_is_accepted()
    {
        using var root = Authority("Lakeplane Test Root");
        using var leaf = Issue(root, "localhost");

        Assert.True(DaemonServerTrust.Accepts([root], leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_from_another_root_is_rejected()
    {
        using var root = Authority("Lakeplane Test Root");
        using var stranger = Authority("Someone Else");
        using var leaf = Issue(stranger, "localhost");

        Assert.False(DaemonServerTrust.Accepts([root], leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_trusted_certificate_for_another_name_or_none_at_all_is_rejected()
    {
        using var root = Authority("Lakeplane Test Root");
        using var leaf = Issue(root, "elsewhere.example");

        Assert.False(DaemonServerTrust.Accepts([root], leaf, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(DaemonServerTrust.Accepts([root], null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void An_expired_certificate_or_one_not_for_servers_is_rejected()
    {
        using var root = Authority("Lakeplane Test Root");
        using var expired = Issue(root, "localhost", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using var clientOnly = Issue(root, "localhost", usage: "1.3.6.1.5.5.7.3.2");

        Assert.False(DaemonServerTrust.Accepts([root], expired, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(DaemonServerTrust.Accepts([root], clientOnly, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task Over_a_real_tls_handshake_an_intermediate_the_server_sends_completes_the_chain()
    {
        using var root = Authority("Lakeplane Test Root");
        using var intermediate = Issue(root, "Lakeplane Test Intermediate", notAfter: DateTimeOffset.UtcNow.AddDays(20), authority: true);
        using var leaf = Issue(intermediate, "localhost");

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var server = new SslStream(socket.GetStream());
            await server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(leaf, [intermediate], offline: true),
            });
            await server.WriteAsync(new byte[] { 1 });
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => DaemonServerTrust.Accepts([root], certificate, chain, errors),
        });
        Assert.Equal(1, tls.ReadByte());
        await serving;
        listener.Stop();
    }

    [Fact]
    public void Roots_come_from_SSL_CERT_FILE_and_every_file_in_SSL_CERT_DIR_once_each()
    {
        using var first = Authority("First Root");
        using var second = Authority("Second Root");
        var bundle = Path.Combine(_directory, "bundle.pem");
        File.WriteAllText(bundle, first.ExportCertificatePem() + "\n" + second.ExportCertificatePem() + "\n");
        var certs = Directory.CreateDirectory(Path.Combine(_directory, "certs")).FullName;
        File.WriteAllText(Path.Combine(certs, "first.pem"), first.ExportCertificatePem());
        File.WriteAllText(Path.Combine(certs, "README"), "not a certificate");

        var roots = GoSystemRoots.Load(bundle, certs);

        Assert.Equal(
            new[] { first.Thumbprint, second.Thumbprint }.Order(),
            roots.Select(root => root.Thumbprint).Order());
    }

    [Fact]
    public void An_unreadable_SSL_CERT_FILE_leaves_only_the_directory_roots()
    {
        using var only = Authority("Only Root");
        File.WriteAllText(Path.Combine(_directory, "only.pem"), only.ExportCertificatePem());

        var roots = GoSystemRoots.Load(Path.Combine(_directory, "missing.pem"), _directory);

        Assert.Equal(new[] { only.Thumbprint }, roots.Select(root => root.Thumbprint));
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(60));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string name, DateTimeOffset? notAfter = null, string usage = "1.3.6.1.5.5.7.3.1", bool authority = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            authority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        if (!authority)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            request.CertificateExtensions.Add(names.Build());
        }
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(10);
        var serial = RandomNumberGenerator.GetBytes(8);
        // Inside the issuer's own validity, which .NET requires of what it signs.
        var start = new DateTimeOffset(issuer.NotBefore.ToUniversalTime()).AddMinutes(1);
        using var issued = request.Create(issuer, start, end, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
