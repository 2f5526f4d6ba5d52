namespace Lakeplane.Pulumi.Values;

/// <summary>A property value that does not fit the schema (a string where a list belongs, an asset
/// where no asset can be); <see cref="Property"/> is the Pulumi property path it concerns.</summary>
public sealed class PropertyCodecException(string property, string message) : Exception(message)
{
    public string Property { get; } = property;
}
