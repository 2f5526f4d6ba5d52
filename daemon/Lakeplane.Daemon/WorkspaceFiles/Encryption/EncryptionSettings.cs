using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// How workspace files are encrypted at rest, from the environment (LAKEPLANE_*) or the "Lakeplane" section of
/// appsettings.json.
/// </summary>
/// <param name="MasterKeyFile">The master key file (LAKEPLANE_MASTER_KEY_FILE): created with mode 0600 on first start;
/// &lt;data-dir&gt;/master.key by default. Every replica of one store needs the same file.</param>
/// <param name="KmsKeyId">When set (LAKEPLANE_KMS_KEY_ID: a key id, ARN or alias), new workspace data keys are generated
/// and wrapped by this AWS KMS key instead of the master key.</param>
/// <param name="KmsEndpoint">Another KMS endpoint than AWS's (LAKEPLANE_KMS_ENDPOINT), e.g. a KMS-compatible server.</param>
/// <param name="KmsRegion">The KMS region (LAKEPLANE_KMS_REGION, else AWS_REGION, else us-east-1).</param>
public sealed record EncryptionSettings(string MasterKeyFile, string? KmsKeyId, string? KmsEndpoint, string KmsRegion)
{
    public const string MasterKeyFileName = "master.key";

    public static EncryptionSettings Resolve(IConfiguration configuration, DaemonSettings daemon)
    {
        var lookup = LakeplaneSetting.From(configuration);
        string? Pick(string variable, string key) => lookup(variable, key)?.Trim();

        var endpoint = Pick("LAKEPLANE_KMS_ENDPOINT", "KmsEndpoint");
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"LAKEPLANE_KMS_ENDPOINT '{endpoint}' is not an absolute URL: use e.g. https://kms.eu-west-1.amazonaws.com.");
        }
        return new EncryptionSettings(
            Path.GetFullPath(Pick("LAKEPLANE_MASTER_KEY_FILE", "MasterKeyFile") ?? Path.Combine(daemon.DataDirectory, MasterKeyFileName)),
            Pick("LAKEPLANE_KMS_KEY_ID", "KmsKeyId"),
            endpoint,
            Pick("LAKEPLANE_KMS_REGION", "KmsRegion") ?? LakeplaneSetting.NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))?.Trim() ?? "us-east-1");
    }

}
