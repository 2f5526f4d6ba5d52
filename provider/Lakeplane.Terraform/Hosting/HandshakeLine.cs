using System.Globalization;
using System.Net;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// go-plugin's handshake: CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT, the only
/// line the plugin may write to stdout. The certificate is base64 DER WITHOUT padding: Go decodes
/// it with RawStdEncoding and fails on '=' ("illegal base64 data at input byte N").
/// </summary>
public static class HandshakeLine
{
    /// <summary>go-plugin's own protocol version, not terraform's.</summary>
    public const int CoreProtocolVersion = 1;

    public static string Format(int protocolVersion, IPEndPoint endpoint, byte[]? serverCertificateDer)
    {
        var certificate = serverCertificateDer is null ? "" : Convert.ToBase64String(serverCertificateDer).TrimEnd('=');
        return string.Create(CultureInfo.InvariantCulture,
            $"{CoreProtocolVersion}|{protocolVersion}|tcp|{endpoint}|grpc|{certificate}");
    }
}
