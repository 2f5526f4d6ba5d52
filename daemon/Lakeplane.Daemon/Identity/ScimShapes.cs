using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakeplane.Daemon.Identity;

// The SCIM 2.0 shapes of Databricks' /api/2.0/preview/scim/v2 API. SCIM names attributes in camelCase, unlike
// the rest of the API; one class per resource serves as request and answer, absent fields are null and left out.

public static class ScimSchemas
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ServicePrincipal = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
}

/// <summary>A multi-valued attribute's element: a member, a group, an entitlement.</summary>
public sealed class ScimValue
{
    public string? Value { get; set; }
    public string? Display { get; set; }
    [JsonPropertyName("$ref")] public string? Ref { get; set; }
    public string? Type { get; set; }
    public bool? Primary { get; set; }
}

public sealed class ScimMeta
{
    public string? ResourceType { get; set; }
    public string? Version { get; set; }
    public string? Created { get; set; }
}

public sealed class ScimUser
{
    public List<string>? Schemas { get; set; }
    public string? Id { get; set; }
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public bool? Active { get; set; }
    public string? ExternalId { get; set; }
    public List<ScimValue>? Emails { get; set; }
    public List<ScimValue>? Groups { get; set; }
    public List<ScimValue>? Entitlements { get; set; }
    public List<ScimValue>? Roles { get; set; }
    public ScimMeta? Meta { get; set; }
}

public sealed class ScimGroup
{
    public List<string>? Schemas { get; set; }
    public string? Id { get; set; }
    public string? DisplayName { get; set; }
    public string? ExternalId { get; set; }
    public List<ScimValue>? Members { get; set; }
    public List<ScimValue>? Groups { get; set; }
    public List<ScimValue>? Entitlements { get; set; }
    public ScimMeta? Meta { get; set; }
}

public sealed class ScimServicePrincipal
{
    public List<string>? Schemas { get; set; }
    public string? Id { get; set; }
    public string? ApplicationId { get; set; }
    public string? DisplayName { get; set; }
    public bool? Active { get; set; }
    public string? ExternalId { get; set; }
    public List<ScimValue>? Groups { get; set; }
    public List<ScimValue>? Entitlements { get; set; }
    public ScimMeta? Meta { get; set; }
}

public sealed class ScimListResponse<T>
{
    public List<string> Schemas { get; set; } = [ScimSchemas.ListResponse];
    public long TotalResults { get; set; }
    public long StartIndex { get; set; }
    public long ItemsPerPage { get; set; }
    [JsonPropertyName("Resources")] public List<T> Resources { get; set; } = [];
}

public sealed class ScimPatchRequest
{
    public List<string>? Schemas { get; set; }
    [JsonPropertyName("Operations")] public List<ScimPatchOperation>? Operations { get; set; }
}

public sealed class ScimPatchOperation
{
    public string? Op { get; set; }
    public string? Path { get; set; }
    public JsonElement? Value { get; set; }
}

/// <summary>Body of POST /api/2.0/token-management/on-behalf-of/tokens (snake_case, like the rest of API 2.0).</summary>
public sealed class OnBehalfOfTokenJson
{
    public string? ApplicationId { get; set; }
    /// <summary>Lakeplane's extension: a token for a user, since users cannot sign in interactively.</summary>
    public string? UserName { get; set; }
    public long? LifetimeSeconds { get; set; }
    public string? Comment { get; set; }
}

// SCIM attribute names are case-insensitive (RFC 7643 §2.1): "Operations" and "operations" are the same.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ScimUser))]
[JsonSerializable(typeof(ScimGroup))]
[JsonSerializable(typeof(ScimServicePrincipal))]
[JsonSerializable(typeof(ScimListResponse<ScimUser>))]
[JsonSerializable(typeof(ScimListResponse<ScimGroup>))]
[JsonSerializable(typeof(ScimListResponse<ScimServicePrincipal>))]
[JsonSerializable(typeof(ScimPatchRequest))]
public sealed partial class ScimJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OnBehalfOfTokenJson))]
public sealed partial class TokenManagementJsonContext : JsonSerializerContext;
