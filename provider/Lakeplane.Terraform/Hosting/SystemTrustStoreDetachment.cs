using System.Runtime.InteropServices;
using Lakeplane.Protos.Client;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Keeps .NET from loading the system's trust store in the provider process. On Linux every
/// X509Chain build loads it whole (~430 certificates from /etc/ssl/certs and the bundle, ~60 ms of
/// CPU) whatever the trust mode, and AutoMTLS builds two chains at terraform's first connection:
/// terraform waited for that load at each of its 3-5 launches per command. No connection to
/// terraform trusts the system store anyway (its certificate is pinned, see ClientCertificatePolicy).
/// The one connection that does, an https daemon, is checked against the roots terraform itself
/// trusts (GoSystemRoots), loaded only if such a daemon is configured.
/// </summary>
public static partial class SystemTrustStoreDetachment
{
    /// <summary>Call first, before anything touches certificates: .NET reads where the store is once per process.</summary>
    public static void Apply(Func<string, string?> environment)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var certFile = environment("SSL_CERT_FILE");
        var certDirectories = environment("SSL_CERT_DIR");
        DaemonServerTrust.UseRoots(() => GoSystemRoots.Load(certFile, certDirectories));
        // .NET's native layer reads these from the C environment (Environment.SetEnvironmentVariable
        // does not reach it). Empty means "no file, no directory", not "the default".
        if (SetEnv("SSL_CERT_FILE", "", 1) != 0 || SetEnv("SSL_CERT_DIR", "", 1) != 0)
        {
            throw new InvalidOperationException("setenv failed: cannot detach the system trust store");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
