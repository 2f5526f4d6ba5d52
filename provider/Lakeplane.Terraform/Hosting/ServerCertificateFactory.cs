using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// The certificate this process presents for go-plugin's AutoMTLS: self-signed, made fresh at
/// every start, sent to terraform in the handshake line, which trusts exactly it. Shaped like
/// go-plugin's own (a CA that is also the leaf, usable for server and client auth).
/// </summary>
public static class ServerCertificateFactory
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Lakeplane", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        // Backdated a little against clock skew; a process lives minutes, so a short life is plenty.
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }
}
