namespace Lakeplane.Resources.Model;

/// <summary>Where in a resource's value something is: attribute names, list indexes and map keys.
/// Terraform turns it into an AttributePath, Pulumi into a property path.</summary>
public sealed record AttributePath(IReadOnlyList<PathStep> Steps)
{
    public static readonly AttributePath Root = new([]);

    public static AttributePath Of(string attribute) => new([new AttributeStep(attribute)]);

    public AttributePath Attribute(string name) => new([.. Steps, new AttributeStep(name)]);

    public AttributePath Index(long index) => new([.. Steps, new IndexStep(index)]);

    public AttributePath Key(string key) => new([.. Steps, new KeyStep(key)]);

    public bool IsRoot => Steps.Count == 0;

    /// <summary>HCL-like rendering for messages: subnet_ids[1], custom_tags["env"].</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in Steps)
        {
            switch (step)
            {
                case AttributeStep a:
                    if (text.Length > 0) text.Append('.');
                    text.Append(a.Name);
                    break;
                case IndexStep i:
                    text.Append('[').Append(i.Index).Append(']');
                    break;
                case KeyStep k:
                    text.Append("[\"").Append(k.Key).Append("\"]");
                    break;
            }
        }
        return text.ToString();
    }

    public bool Equals(AttributePath? other) => other is not null && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => Steps.Aggregate(17, (h, s) => h * 31 + s.GetHashCode());
}

public abstract record PathStep;

public sealed record AttributeStep(string Name) : PathStep;

public sealed record IndexStep(long Index) : PathStep;

public sealed record KeyStep(string Key) : PathStep;
