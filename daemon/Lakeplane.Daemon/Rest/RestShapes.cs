using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.Rest;

// The JSON shapes of the Databricks account API 2.0 and workspace token/SCIM APIs, as far as
// Lakeplane serves them. One class per object serves as request and response: absent
// fields are null and left out of answers.

public sealed record RestError(string ErrorCode, string Message);

public sealed class StsRole
{
    public string? RoleArn { get; set; }
    public string? ExternalId { get; set; }
}

public sealed class AwsCredentials
{
    public StsRole? StsRole { get; set; }
}

public sealed class CredentialsJson
{
    public string? CredentialsId { get; set; }
    public string? CredentialsName { get; set; }
    public string? AccountId { get; set; }
    public AwsCredentials? AwsCredentials { get; set; }
    public long? CreationTime { get; set; }
}

public sealed class RootBucketInfo
{
    public string? BucketName { get; set; }
}

public sealed class StorageConfigurationJson
{
    public string? StorageConfigurationId { get; set; }
    public string? StorageConfigurationName { get; set; }
    public string? AccountId { get; set; }
    public RootBucketInfo? RootBucketInfo { get; set; }
    public long? CreationTime { get; set; }
}

public sealed class NetworkJson
{
    public string? NetworkId { get; set; }
    public string? NetworkName { get; set; }
    public string? AccountId { get; set; }
    public string? VpcId { get; set; }
    public List<string>? SubnetIds { get; set; }
    public List<string>? SecurityGroupIds { get; set; }
    public string? VpcStatus { get; set; }
    public long? WorkspaceId { get; set; }
    public long? CreationTime { get; set; }
}

public sealed class WorkspaceJson
{
    public long? WorkspaceId { get; set; }
    public string? WorkspaceName { get; set; }
    public string? AccountId { get; set; }
    public string? AwsRegion { get; set; }
    public string? CredentialsId { get; set; }
    public string? StorageConfigurationId { get; set; }
    public string? NetworkId { get; set; }
    public Dictionary<string, string>? CustomTags { get; set; }
    public string? WorkspaceStatus { get; set; }
    public string? WorkspaceStatusMessage { get; set; }
    public string? DeploymentName { get; set; }
    public string? WorkspaceUrl { get; set; }
    public long? CreationTime { get; set; }
}

public sealed class TokenCreateJson
{
    public string? Comment { get; set; }
    public long? LifetimeSeconds { get; set; }
}

public sealed class TokenInfoJson
{
    public string? TokenId { get; set; }
    public string? Comment { get; set; }
    public long CreationTime { get; set; }
    public long ExpiryTime { get; set; }
    public string? CreatedBy { get; set; }
    public long WorkspaceId { get; set; }
}

public sealed class TokenCreatedJson
{
    public string? TokenValue { get; set; }
    public TokenInfoJson? TokenInfo { get; set; }
}

public sealed class TokenListJson
{
    public List<TokenInfoJson> TokenInfos { get; set; } = [];
}

public sealed class TokenDeleteJson
{
    public string? TokenId { get; set; }
}

public sealed class EmptyJson;

public sealed class AuditEntryJson
{
    public long Sequence { get; set; }
    public long Time { get; set; }
    public string? Actor { get; set; }
    public string? Action { get; set; }
    public string? Kind { get; set; }
    public string? ObjectId { get; set; }
    public string? Details { get; set; }
}

public sealed class AuditListJson
{
    public List<AuditEntryJson> Entries { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RestError))]
[JsonSerializable(typeof(CredentialsJson))]
[JsonSerializable(typeof(List<CredentialsJson>))]
[JsonSerializable(typeof(StorageConfigurationJson))]
[JsonSerializable(typeof(List<StorageConfigurationJson>))]
[JsonSerializable(typeof(NetworkJson))]
[JsonSerializable(typeof(List<NetworkJson>))]
[JsonSerializable(typeof(WorkspaceJson))]
[JsonSerializable(typeof(List<WorkspaceJson>))]
[JsonSerializable(typeof(TokenCreateJson))]
[JsonSerializable(typeof(TokenCreatedJson))]
[JsonSerializable(typeof(TokenListJson))]
[JsonSerializable(typeof(TokenDeleteJson))]
[JsonSerializable(typeof(EmptyJson))]
[JsonSerializable(typeof(AuditListJson))]
public sealed partial class RestJsonContext : JsonSerializerContext;
