using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Tags lakeplaned puts on a workspace's AWS resources, under AWS's limits less the tags
/// Lakeplane adds itself: at most 45 tags, keys of 1 to 127 characters not starting with
/// "aws:", values of at most 255 characters.
/// </summary>
public sealed class AwsTagsValidator : IValueValidator
{
    public const int MaxTags = 45;

    public string Description => $"At most {MaxTags} tags; keys 1 to 127 characters, not starting with \"aws:\"; values at most 255 characters.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not ObjectValue tags)
        {
            return;
        }
        if (tags.Attributes.Count > MaxTags)
        {
            ValidationMessages.Invalid(diagnostics, path, $"may have at most {MaxTags} tags (AWS allows 50 per resource and Lakeplane adds its own); it has {tags.Attributes.Count}.");
        }
        foreach (var (key, tag) in tags.Attributes)
        {
            var entry = path.Key(key);
            if (key.Length is < 1 or > 127)
            {
                ValidationMessages.Invalid(diagnostics, entry, "has a key that is not 1 to 127 characters long.");
            }
            else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                ValidationMessages.Invalid(diagnostics, entry, "uses the key prefix \"aws:\", which AWS reserves: choose another key.");
            }
            if (tag is StringValue { Value.Length: > 255 })
            {
                ValidationMessages.Invalid(diagnostics, entry, "is longer than 255 characters, the most AWS allows for a tag value.");
            }
        }
    }
}
