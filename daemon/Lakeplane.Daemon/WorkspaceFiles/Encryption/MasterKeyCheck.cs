using System.Security.Cryptography;
using System.Text;
using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// Before the daemon serves anything: the master key file is loaded (created on first start), and proven to be the key
/// this store's data keys were wrapped with. The first start seals a known text under it in the store; a later start
/// (or another replica) with a different key cannot open it and refuses to start, rather than serving files it cannot
/// decrypt or, worse, wrapping new keys that the other replicas cannot unwrap.
/// </summary>
public sealed class MasterKeyCheck(IStore store, MasterKey masterKey, TimeProvider time, ILogger<MasterKeyCheck> logger)
{
    private const string CheckId = "master";
    private const string CheckText = "lakeplane master key check";
    private const string CheckContext = "lakeplane-master-key-check";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var existing = await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.MasterKeyCheck, CheckId, cancellationToken), cancellationToken);
        if (existing is null)
        {
            var sealedText = Convert.ToBase64String(Aead.Seal(masterKey.Key, Encoding.UTF8.GetBytes(CheckText), CheckContext));
            existing = await store.WriteAsync(async transaction =>
                await transaction.GetAsync(ObjectKinds.MasterKeyCheck, CheckId, cancellationToken)
                ?? await transaction.InsertAsync(ObjectKinds.MasterKeyCheck, CheckId, "", ObjectKinds.AccountScope, "",
                    WorkspaceFilesRecords.Serialize(new MasterKeyCheckRecord(sealedText, time.GetUtcNow().ToUnixTimeMilliseconds())), cancellationToken),
                cancellationToken);
        }
        try
        {
            Aead.Open(masterKey.Key, Convert.FromBase64String(WorkspaceFilesRecords.ReadMasterKeyCheck(existing.Body).Sealed), CheckContext);
        }
        catch (CryptographicException exception)
        {
            throw new StartupRefusedException(
                $"The master key in {masterKey.FilePath} is not the one this store's workspace files are encrypted with" +
                (masterKey.Created ? " (this start created it: the original key file is missing)" : "") +
                ". Restore the original master key file, or point LAKEPLANE_MASTER_KEY_FILE at it; every replica of one store needs the same key.",
                exception);
        }
        if (masterKey.Created)
        {
            logger.LogWarning("Created the master key {Path} (mode 0600). Back it up: without it this store's workspace files cannot be decrypted.", masterKey.FilePath);
        }
    }
}
