using System.Text.Json;
using System.Text.Json.Serialization;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Identity;

namespace Lakeplane.Daemon.Persistence;

/// <summary>JSON (de)serialisation of the daemon's internal records, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(InstallationRecord))]
[JsonSerializable(typeof(PrincipalRecord))]
[JsonSerializable(typeof(TokenRecord))]
[JsonSerializable(typeof(GroupRecord))]
[JsonSerializable(typeof(GroupMemberRecord))]
internal sealed partial class InternalJsonContext : JsonSerializerContext;

public static class InternalRecords
{
    public static string Serialize(InstallationRecord value) => JsonSerializer.Serialize(value, InternalJsonContext.Default.InstallationRecord);

    public static string Serialize(PrincipalRecord value) => JsonSerializer.Serialize(value, InternalJsonContext.Default.PrincipalRecord);

    public static string Serialize(TokenRecord value) => JsonSerializer.Serialize(value, InternalJsonContext.Default.TokenRecord);

    public static string Serialize(GroupRecord value) => JsonSerializer.Serialize(value, InternalJsonContext.Default.GroupRecord);

    public static string Serialize(GroupMemberRecord value) => JsonSerializer.Serialize(value, InternalJsonContext.Default.GroupMemberRecord);

    public static InstallationRecord ReadInstallation(string body) =>
        JsonSerializer.Deserialize(body, InternalJsonContext.Default.InstallationRecord) ?? throw new InvalidDataException("Empty installation record.");

    public static PrincipalRecord ReadPrincipal(string body) =>
        JsonSerializer.Deserialize(body, InternalJsonContext.Default.PrincipalRecord) ?? throw new InvalidDataException("Empty principal record.");

    public static TokenRecord ReadToken(string body) =>
        JsonSerializer.Deserialize(body, InternalJsonContext.Default.TokenRecord) ?? throw new InvalidDataException("Empty token record.");

    public static GroupRecord ReadGroup(string body) =>
        JsonSerializer.Deserialize(body, InternalJsonContext.Default.GroupRecord) ?? throw new InvalidDataException("Empty group record.");

    public static GroupMemberRecord ReadGroupMember(string body) =>
        JsonSerializer.Deserialize(body, InternalJsonContext.Default.GroupMemberRecord) ?? throw new InvalidDataException("Empty group member record.");
}
