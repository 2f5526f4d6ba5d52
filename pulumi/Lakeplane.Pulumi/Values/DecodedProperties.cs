using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Values;

/// <summary>
/// A Pulumi property map as the model sees it, plus what the model's Value cannot carry: which
/// top-level attributes held a secret (so they go back out as secrets) and which keys the schema
/// does not know (so Check can name them).
/// </summary>
public sealed record DecodedProperties(ObjectValue Value, IReadOnlySet<string> SecretAttributes, IReadOnlyList<string> UnknownKeys)
{
    public static readonly DecodedProperties Empty = new(ObjectValue.Empty, new HashSet<string>(), []);
}
