using System.Globalization;
using System.Security.Cryptography;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>Data keys wrapped with AES-GCM under the master key from the key file.</summary>
public sealed class MasterKeyWrapper(MasterKey masterKey) : IDataKeyWrapper
{
    public const string WrapperName = "master";

    public string Name => WrapperName;

    public Task<NewDataKey> NewKeyAsync(string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(Aead.KeyLength);
        return Task.FromResult(new NewDataKey(key, Aead.Seal(masterKey.Key, key, Context(accountId, workspaceId)), WrapperName, ""));
    }

    public Task<byte[]> UnwrapAsync(string accountId, long workspaceId, byte[] wrapped, string kmsKeyId, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Aead.Open(masterKey.Key, wrapped, Context(accountId, workspaceId)));
        }
        catch (CryptographicException exception)
        {
            throw new DataKeyUnavailableException(
                $"The data key of workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} does not unwrap with the master key in {masterKey.FilePath}: " +
                "lakeplaned runs with another master key than the one its files were encrypted with. Restore the original master key file (LAKEPLANE_MASTER_KEY_FILE).",
                exception);
        }
    }

    private static string Context(string accountId, long workspaceId) =>
        "lakeplane-data-key:" + accountId + ":" + workspaceId.ToString(CultureInfo.InvariantCulture);
}
