namespace Lakeplane.Pulumi.Values;

/// <summary>
/// The magic strings of Pulumi's property encoding (sdk/go/common/resource/plugin/rpc.go and
/// resource/properties.go): an object with the signature key is a secret, a resource reference,
/// an output value, an asset or an archive; a string equal to one of the unknown sentinels is a
/// value known only after apply.
/// </summary>
public static class PropertySentinels
{
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";
    public const string ResourceReferenceSignature = "5cf8f73096256a8f31e491e813e4eb8e";
    public const string OutputValueSignature = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    public const string AssetSignature = "c44067f5952c0a294b673a41bacd8c17";
    public const string ArchiveSignature = "0def7320c3a5731c473e5ecbe6d01bc7";

    /// <summary>The sentinel we send for any unknown value: the engine accepts it for every type.</summary>
    public const string UnknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>Every unknown sentinel the engine or an SDK may send (string, bool, number, array, asset, archive, object).</summary>
    public static readonly IReadOnlySet<string> Unknowns = new HashSet<string>(StringComparer.Ordinal)
    {
        UnknownString,
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
        "030794c1-ac77-496b-92df-f27374a8bd58",
        "e48ece36-62e2-4504-bad9-02848725956a",
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    };

    public static bool IsUnknown(Google.Protobuf.WellKnownTypes.Value value) =>
        value.KindCase == Google.Protobuf.WellKnownTypes.Value.KindOneofCase.StringValue && Unknowns.Contains(value.StringValue);
}
