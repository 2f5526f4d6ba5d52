using Google.Protobuf;

namespace Lakeplane.Daemon.Persistence;

/// <summary>
/// Account objects are stored as the JSON form of their proto message (snake_case field names),
/// so the stored body, the gRPC answer and the REST answer cannot drift apart.
/// </summary>
public static class ProtoBodies
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Serialize(IMessage message) => Formatter.Format(message);

    public static T Deserialize<T>(string body) where T : IMessage<T>, new() => Parser.Parse<T>(body);
}
