using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lakeplane.Protos.Client;

/// <summary>
/// Which roots an https daemon's certificate must chain to. By default the operating system's
/// store, as .NET loads it. A process that detached .NET from that store (the Terraform provider
/// does, see its SystemTrustStoreDetachment) names the roots here instead; they are loaded only
/// when an https daemon is first contacted.
/// </summary>
public static class DaemonServerTrust
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static Lazy<X509Certificate2Collection>? _roots;

    /// <summary>From now on https daemons are trusted when their chain ends in one of these roots.</summary>
    public static void UseRoots(Func<X509Certificate2Collection> loadRoots) =>
        _roots = new Lazy<X509Certificate2Collection>(loadRoots, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The check for an https daemon connection; null keeps .NET's own against the system store.</summary>
    public static RemoteCertificateValidationCallback? ValidationCallback =>
        _roots is { } roots ? (_, certificate, chain, errors) => Accepts(roots.Value, certificate, chain, errors) : null;

    /// <summary>
    /// The same checks .NET makes against the system store, against <paramref name="roots"/>:
    /// a certificate was sent, it names the host, and it chains (through what the server sent) to a
    /// root for server authentication, valid now.
    /// </summary>
    public static bool Accepts(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? sentChain, SslPolicyErrors errors)
    {
        // Name mismatch or no certificate: no root makes that acceptable. Chain errors are expected
        // (.NET's own store is empty here) and decided below.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        var leaf = certificate as X509Certificate2;
        using var converted = leaf is null ? new X509Certificate2(certificate) : null;
        leaf ??= converted!;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (sentChain is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sentChain.ChainPolicy.ExtraStore);
        }
        return chain.Build(leaf);
    }
}
