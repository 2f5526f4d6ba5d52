using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Bytes from terraform (or a value from a resource) that do not fit the schema's type. Carries
/// the path so the diagnostic can point at the attribute; it means a schema mismatch between
/// terraform's view and ours, never a user error.
/// </summary>
public sealed class ValueCodecException(string message, AttributePath path, Exception? inner = null)
    : Exception(path.IsRoot ? message : $"{path}: {message}", inner)
{
    public AttributePath Path { get; } = path;
}
