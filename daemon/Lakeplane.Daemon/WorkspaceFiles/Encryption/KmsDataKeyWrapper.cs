using System.Globalization;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// Data keys generated and wrapped by an AWS KMS key (GenerateDataKey, Decrypt), with the workspace as encryption
/// context: KMS then refuses to unwrap a key presented for another workspace, and CloudTrail shows which workspace's
/// key each call was for. The plaintext key lives only in this process.
/// </summary>
public sealed class KmsDataKeyWrapper(IAmazonKeyManagementService kms, string keyId) : IDataKeyWrapper, IDisposable
{
    public const string WrapperName = "kms";

    public string Name => WrapperName;

    public static KmsDataKeyWrapper Create(EncryptionSettings settings)
    {
        var config = new AmazonKeyManagementServiceConfig();
        if (settings.KmsEndpoint is not null)
        {
            config.ServiceURL = settings.KmsEndpoint;
            config.AuthenticationRegion = settings.KmsRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.KmsRegion);
        }
        return new KmsDataKeyWrapper(new AmazonKeyManagementServiceClient(config), settings.KmsKeyId!);
    }

    public async Task<NewDataKey> NewKeyAsync(string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        GenerateDataKeyResponse response;
        try
        {
            response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
            {
                KeyId = keyId,
                KeySpec = DataKeySpec.AES_256,
                EncryptionContext = Context(accountId, workspaceId),
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new DataKeyUnavailableException(
                $"AWS KMS did not generate a data key with key '{keyId}' (LAKEPLANE_KMS_KEY_ID): {exception.Message} Check the key id, that the key is enabled, " +
                "and that lakeplaned's AWS credentials may call kms:GenerateDataKey on it.", exception);
        }
        return new NewDataKey(response.Plaintext.ToArray(), response.CiphertextBlob.ToArray(), WrapperName, response.KeyId ?? keyId);
    }

    public async Task<byte[]> UnwrapAsync(string accountId, long workspaceId, byte[] wrapped, string kmsKeyId, CancellationToken cancellationToken)
    {
        var wrappingKey = kmsKeyId.Length > 0 ? kmsKeyId : keyId;
        try
        {
            var response = await kms.DecryptAsync(new DecryptRequest
            {
                CiphertextBlob = new MemoryStream(wrapped),
                KeyId = wrappingKey,
                EncryptionContext = Context(accountId, workspaceId),
            }, cancellationToken);
            return response.Plaintext.ToArray();
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new DataKeyUnavailableException(
                $"AWS KMS did not unwrap the data key of workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} with key '{wrappingKey}': {exception.Message} " +
                "Check that the key still exists and is enabled, and that lakeplaned's AWS credentials may call kms:Decrypt on it.", exception);
        }
    }

    public void Dispose() => kms.Dispose();

    private static Dictionary<string, string> Context(string accountId, long workspaceId) => new(StringComparer.Ordinal)
    {
        ["lakeplane:account_id"] = accountId,
        ["lakeplane:workspace_id"] = workspaceId.ToString(CultureInfo.InvariantCulture),
    };
}
