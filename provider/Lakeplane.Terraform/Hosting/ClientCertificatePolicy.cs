using System.Security.Cryptography.X509Certificates;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Accepts exactly the certificate terraform put in PLUGIN_CLIENT_CERT, byte for byte. Chain
/// validation cannot be used: the certificate is self-signed and trusted by nobody else, and
/// Kestrel's default check rejects it (terraform then only says "error reading server preface").
/// </summary>
public sealed class ClientCertificatePolicy
{
    private readonly byte[] _expected;

    public ClientCertificatePolicy(string pem)
    {
        Certificate = X509Certificate2.CreateFromPem(pem);
        _expected = Certificate.RawData;
    }

    /// <summary>terraform's certificate: the only root the client's chain may end in.</summary>
    public X509Certificate2 Certificate { get; }

    public bool Accepts(X509Certificate2? presented) =>
        presented is not null && presented.RawData.AsSpan().SequenceEqual(_expected);
}
