using System.Security.Cryptography.X509Certificates;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// The system's trusted roots found the way terraform itself (Go's crypto/x509) finds them:
/// SSL_CERT_FILE, else the first bundle of the well-known list that exists; plus every file in
/// SSL_CERT_DIR (colon-separated), else in the well-known directories. An https daemon is then
/// trusted by the provider exactly when terraform would trust it.
/// </summary>
public static class GoSystemRoots
{
    // Go 1.2x, src/crypto/x509/root_linux.go.
    private static readonly string[] BundleFiles =
    [
        "/etc/ssl/certs/ca-certificates.crt",                // Debian/Ubuntu/Gentoo etc.
        "/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora/RHEL 6
        "/etc/ssl/ca-bundle.pem",                            // OpenSUSE
        "/etc/pki/tls/cacert.pem",                           // OpenELEC
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS/RHEL 7
        "/etc/ssl/cert.pem",                                 // Alpine Linux
    ];

    private static readonly string[] Directories = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

    public static X509Certificate2Collection Load(string? certFile, string? certDirectories)
    {
        var roots = new X509Certificate2Collection();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(certFile))
        {
            AddFile(certFile, roots, seen);
        }
        else
        {
            foreach (var bundle in BundleFiles)
            {
                if (AddFile(bundle, roots, seen))
                {
                    break;
                }
            }
        }
        var directories = certDirectories is null ? Directories : certDirectories.Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                AddFile(file, roots, seen);
            }
        }
        return roots;
    }

    /// <summary>Adds the file's PEM certificates; false when it could not be read or holds none.</summary>
    private static bool AddFile(string path, X509Certificate2Collection roots, HashSet<string> seen)
    {
        var found = new X509Certificate2Collection();
        try
        {
            found.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
        foreach (var certificate in found)
        {
            if (seen.Add(certificate.Thumbprint))
            {
                roots.Add(certificate);
            }
            else
            {
                certificate.Dispose();
            }
        }
        return found.Count > 0;
    }
}
