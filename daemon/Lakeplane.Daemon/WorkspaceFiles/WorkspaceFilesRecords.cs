using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// One object of a workspace's tree as the store keeps it: metadata only. The content is ciphertext in the workspace's
/// storage at <see cref="BlobKey"/> (relative to the workspace's root); directories have none.
/// </summary>
/// <param name="ContentMd5">Hex MD5 of the plaintext, for drift checks; never the content itself.</param>
public sealed record WorkspaceObjectRecord(
    string Path,
    string ObjectType,
    string Language,
    long Size,
    string ContentMd5,
    string BlobKey,
    long CreatedAt,
    long ModifiedAt);

/// <summary>A workspace's data key as the store keeps it: wrapped, never in the clear.</summary>
/// <param name="WrappedBy">"master" (the key file) or "kms".</param>
/// <param name="KmsKeyId">The KMS key that wrapped it, when KMS did.</param>
public sealed record DataKeyRecord(string WrappedKey, string WrappedBy, string KmsKeyId, long CreatedAt);

/// <summary>A fixed text sealed under the master key on the first start: later starts with another key fail to open it.</summary>
public sealed record MasterKeyCheckRecord(string Sealed, long CreatedAt);

/// <summary>JSON (de)serialisation of the records above, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WorkspaceObjectRecord))]
[JsonSerializable(typeof(DataKeyRecord))]
[JsonSerializable(typeof(MasterKeyCheckRecord))]
internal sealed partial class WorkspaceFilesJsonContext : JsonSerializerContext;

public static class WorkspaceFilesRecords
{
    public static string Serialize(WorkspaceObjectRecord value) => JsonSerializer.Serialize(value, WorkspaceFilesJsonContext.Default.WorkspaceObjectRecord);

    public static string Serialize(DataKeyRecord value) => JsonSerializer.Serialize(value, WorkspaceFilesJsonContext.Default.DataKeyRecord);

    public static string Serialize(MasterKeyCheckRecord value) => JsonSerializer.Serialize(value, WorkspaceFilesJsonContext.Default.MasterKeyCheckRecord);

    public static WorkspaceObjectRecord ReadObject(string body) =>
        JsonSerializer.Deserialize(body, WorkspaceFilesJsonContext.Default.WorkspaceObjectRecord) ?? throw new InvalidDataException("Empty workspace object record.");

    public static DataKeyRecord ReadDataKey(string body) =>
        JsonSerializer.Deserialize(body, WorkspaceFilesJsonContext.Default.DataKeyRecord) ?? throw new InvalidDataException("Empty data key record.");

    public static MasterKeyCheckRecord ReadMasterKeyCheck(string body) =>
        JsonSerializer.Deserialize(body, WorkspaceFilesJsonContext.Default.MasterKeyCheckRecord) ?? throw new InvalidDataException("Empty master key check record.");
}
