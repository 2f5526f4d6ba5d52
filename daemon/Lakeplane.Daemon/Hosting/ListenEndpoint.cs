using System.Net;
using System.Net.Sockets;

namespace Lakeplane.Daemon.Hosting;

/// <summary>Parses --listen ("127.0.0.1:7070", "0.0.0.0:0", "[::1]:7070", "localhost:7070").</summary>
public static class ListenEndpoint
{
    public static IPEndPoint Parse(string listen)
    {
        var text = listen.Trim();
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1" + text["localhost".Length..];
        }
        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal) && (endpoint.Port > 0 || text.EndsWith(":0", StringComparison.Ordinal)))
        {
            return endpoint;
        }
        throw new ArgumentException($"--listen '{listen}' is not host:port: use e.g. 127.0.0.1:7070, or 127.0.0.1:0 for a free port.");
    }

    /// <summary>The address clients should use: a wildcard bind is reached through loopback on this machine.</summary>
    public static string ClientUrl(IPEndPoint bound)
    {
        var address = bound.Address;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"http://{host}:{bound.Port}";
    }
}
