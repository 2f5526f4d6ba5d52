using System.Globalization;
using System.Net;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// Carves subnet CIDRs out of a VPC's IPv4 CIDR: the VPC split into quarters, the first ones
/// used, so the rest of the VPC stays free for whatever else the customer puts there.
/// 10.20.0.0/16 → 10.20.0.0/18, 10.20.64.0/18.
/// </summary>
public static class SubnetCarver
{
    /// <summary>AWS's smallest subnet is a /28, so a VPC carved in quarters must be /26 or larger.</summary>
    public const int LargestVpcPrefix = 26;

    private const int QuarterBits = 2;

    /// <summary>The first <paramref name="count"/> quarters of <paramref name="vpcCidr"/>, or an error that says why not.</summary>
    public static IReadOnlyList<string> Carve(string vpcCidr, int count, out string? error)
    {
        error = null;
        var slash = vpcCidr.IndexOf('/');
        if (slash < 0
            || !IPAddress.TryParse(vpcCidr[..slash], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(vpcCidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32)
        {
            error = $"\"{vpcCidr}\" is not an IPv4 CIDR block. Write it like 10.20.0.0/16.";
            return [];
        }
        if (prefix > LargestVpcPrefix)
        {
            error = $"\"{vpcCidr}\" is too small to hold {count} subnets: use a /{LargestVpcPrefix} or larger block (a smaller prefix number), e.g. /16.";
            return [];
        }
        var bytes = address.GetAddressBytes();
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        var network = value & mask;
        var subnetPrefix = prefix + QuarterBits;
        var size = 1u << (32 - subnetPrefix);
        return Enumerable.Range(0, count)
            .Select(i => $"{Format(network + (uint)i * size)}/{subnetPrefix}")
            .ToArray();
    }

    private static string Format(uint value) =>
        string.Join('.', new[] { value >> 24, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF }.Select(b => b.ToString(CultureInfo.InvariantCulture)));
}
