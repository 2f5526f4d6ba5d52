using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lakeplane.Terraform.Hosting;

namespace Lakeplane.Terraform.Tests.Hosting;

/// <summary>The go-plugin handshake pieces: launch checks, the handshake line, the certificates.</summary>
public sealed class HandshakeTests
{
    [Fact]
    public void Without_the_magic_cookie_it_refuses_and_says_it_is_a_terraform_plugin()
    {
        var launch = PluginLaunch.FromEnvironment(_ => null);

        Assert.False(launch.ShouldServe);
        Assert.Contains("plugin for Terraform", launch.Refusal);
        Assert.Contains("lakeplane/lakeplane", launch.Refusal);
    }

    [Fact]
    public void A_terraform_without_protocol_6_is_refused()
    {
        var launch = PluginLaunch.FromEnvironment(Env(("PLUGIN_PROTOCOL_VERSIONS", "4,5")));

        Assert.False(launch.ShouldServe);
        Assert.Contains("protocol 6", launch.Refusal);
    }

    [Fact]
    public void Terraform_offering_5_and_6_gets_6_with_its_client_certificate()
    {
        var launch = PluginLaunch.FromEnvironment(Env(("PLUGIN_PROTOCOL_VERSIONS", "5,6"), ("PLUGIN_CLIENT_CERT", "PEM")));

        Assert.True(launch.ShouldServe);
        Assert.Equal(6, launch.ProtocolVersion);
        Assert.Equal("PEM", launch.ClientCertificatePem);
    }

    [Fact]
    public void The_handshake_line_has_an_unpadded_certificate()
    {
        // 1 byte encodes to "AQ==" padded: the line must carry "AQ".
        var line = HandshakeLine.Format(6, new IPEndPoint(IPAddress.Loopback, 12345), [1]);

        Assert.Equal("1|6|tcp|127.0.0.1:12345|grpc|AQ", line);
    }

    [Fact]
    public void The_server_certificate_is_a_loopback_ca_for_server_and_client_auth()
    {
        using var certificate = ServerCertificateFactory.Create();

        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
    }

    [Fact]
    public void Only_the_exact_client_certificate_from_terraform_is_accepted()
    {
        using var terraforms = SelfSignedP521();
        using var other = SelfSignedP521();
        var policy = new ClientCertificatePolicy(terraforms.ExportCertificatePem());

        Assert.True(policy.Accepts(terraforms));
        Assert.False(policy.Accepts(other));
        Assert.False(policy.Accepts(null));
    }

    private static X509Certificate2 SelfSignedP521()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA512);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] extra)
    {
        var variables = extra.ToDictionary(e => e.Key, e => e.Value);
        variables[PluginLaunch.MagicCookieKey] = PluginLaunch.MagicCookieValue;
        return key => variables.GetValueOrDefault(key);
    }
}
