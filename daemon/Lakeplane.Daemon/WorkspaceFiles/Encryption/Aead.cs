using System.Security.Cryptography;
using System.Text;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// AES-256-GCM with a fresh random nonce per message, laid out as nonce | tag | ciphertext. The associated data binds a
/// ciphertext to where it belongs (a workspace, a blob key), so one copied elsewhere does not decrypt there.
/// </summary>
public static class Aead
{
    public const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[NonceLength + TagLength + plaintext.Length];
        var nonce = output.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceLength + TagLength), output.AsSpan(NonceLength, TagLength), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    /// <summary>The plaintext; <see cref="CryptographicException"/> when the key is wrong, the data was altered or belongs elsewhere.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, string associatedData)
    {
        if (sealedData.Length < NonceLength + TagLength)
        {
            throw new CryptographicException($"The sealed data is {sealedData.Length} bytes: too short to hold a nonce and a tag.");
        }
        var plaintext = new byte[sealedData.Length - NonceLength - TagLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Decrypt(sealedData[..NonceLength], sealedData[(NonceLength + TagLength)..], sealedData.Slice(NonceLength, TagLength), plaintext,
            Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
