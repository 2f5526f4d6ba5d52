using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Applies a validator to every known element of a set, list or map. List elements and map
/// entries get their own path (subnet_ids[1], custom_tags["env"]); a set element has no index
/// terraform could point at, so its findings name the set.
/// </summary>
public sealed class EachElementValidator(IValueValidator element, bool isSet) : IValueValidator
{
    public string Description => "Each element: " + element.Description;

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        switch (value)
        {
            case CollectionValue collection:
                for (var i = 0; i < collection.Elements.Count; i++)
                {
                    var item = collection.Elements[i];
                    if (!item.IsWhollyKnown || item.IsNull)
                    {
                        continue;
                    }
                    if (isSet)
                    {
                        ValidateSetElement(item, path, diagnostics);
                    }
                    else
                    {
                        element.Validate(item, path.Index(i), diagnostics);
                    }
                }
                break;
            case ObjectValue map:
                foreach (var (key, item) in map.Attributes)
                {
                    if (item.IsWhollyKnown && !item.IsNull)
                    {
                        element.Validate(item, path.Key(key), diagnostics);
                    }
                }
                break;
        }
    }

    /// <summary>Findings about a set element say so, since their path can only be the set's.</summary>
    private void ValidateSetElement(Value item, AttributePath path, Diagnostics diagnostics)
    {
        var findings = new Diagnostics();
        element.Validate(item, path, findings);
        foreach (var finding in findings.Items)
        {
            diagnostics.Add(finding with { Detail = "An element of " + finding.Detail });
        }
    }
}
