using System.Security.Cryptography;
using System.Text;

namespace Lakeplane.Daemon.Auth;

/// <summary>Makes token values and the hashes the store keeps instead of them.</summary>
public static class TokenSecrets
{
    /// <summary>Recognisable in logs and secret scanners, like GitHub's "ghp_".</summary>
    public const string Prefix = "lpt_";

    public static string NewTokenValue() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string NewTokenId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string tokenValue) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenValue)));
}
