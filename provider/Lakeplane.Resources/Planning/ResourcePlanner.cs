using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Planning;

/// <summary>
/// Plans a resource the same way for Terraform (PlanResourceChange) and Pulumi (Check/Diff):
/// configured values are taken as written; a computed attribute the configuration leaves unset
/// keeps its prior value when nothing changes (so a fresh apply plans empty), keeps it anyway
/// when it never changes after creation (use-state-for-unknown), and is otherwise unknown
/// ("known after apply") because the daemon decides it. Changes to replace-forcing attributes
/// are reported; the resource's own ModifyPlan has the last word.
/// </summary>
public static class ResourcePlanner
{
    /// <param name="prior">The current state; null when the object is to be created.</param>
    /// <param name="config">The configuration as written (may hold unknowns).</param>
    public static PlannedChange Plan(ResourceDefinition resource, ObjectValue? prior, ObjectValue config)
    {
        var schema = resource.Schema.Root;
        var diagnostics = new Diagnostics();
        var planned = PlanObject(schema, prior, config, markComputedUnknown: prior is null);

        // Only when something the user controls changed may the daemon change what it computes.
        if (prior is not null && PlannedChange.Differs(schema, prior, planned))
        {
            planned = PlanObject(schema, prior, config, markComputedUnknown: true);
        }

        var requiresReplace = new HashSet<AttributePath>();
        if (prior is not null)
        {
            CollectReplacements(schema, prior, planned, AttributePath.Root, requiresReplace);
        }
        resource.ModifyPlan(prior, config, ref planned, requiresReplace, diagnostics);
        return new PlannedChange(planned, requiresReplace, diagnostics);
    }

    private static ObjectValue PlanObject(ObjectSchema schema, ObjectValue? prior, ObjectValue config, bool markComputedUnknown)
    {
        var planned = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var attribute in schema.Attributes)
        {
            planned[attribute.Name] = PlanAttribute(attribute, prior?[attribute.Name], config[attribute.Name], markComputedUnknown);
        }
        foreach (var block in schema.Blocks)
        {
            planned[block.Name] = PlanBlock(block, prior?[block.Name], config[block.Name], markComputedUnknown);
        }
        return new ObjectValue(planned);
    }

    private static Value PlanAttribute(AttributeSchema attribute, Value? prior, Value configured, bool markComputedUnknown)
    {
        if (attribute.WriteOnly)
        {
            // Never in plans or state: the resource reads it from the configuration at apply time.
            return Value.Null;
        }
        if (!configured.IsNull || !attribute.Computed)
        {
            return configured;
        }
        if (attribute.Default is not null)
        {
            return attribute.Default;
        }
        if (prior is not null && !prior.IsNull && (attribute.UseStateForUnknown || !markComputedUnknown))
        {
            return prior;
        }
        return prior is null || markComputedUnknown ? Value.Unknown : prior;
    }

    private static Value PlanBlock(BlockSchema block, Value? prior, Value configured, bool markComputedUnknown)
    {
        switch (block.Nesting)
        {
            case BlockNesting.Single:
                return configured is ObjectValue single
                    ? PlanObject(block.Object, prior as ObjectValue, single, markComputedUnknown)
                    : configured;
            case BlockNesting.List when configured is CollectionValue list:
                var priorList = (prior as CollectionValue)?.Elements ?? [];
                return new CollectionValue(list.Elements
                    .Select((element, index) => element is ObjectValue item
                        ? PlanObject(block.Object, index < priorList.Count ? priorList[index] as ObjectValue : null, item, markComputedUnknown)
                        : element)
                    .ToArray());
            case BlockNesting.Set when configured is CollectionValue set:
                // Set elements have no identity to match a prior element by; computed parts are unknown.
                return new CollectionValue(set.Elements
                    .Select(element => element is ObjectValue item ? PlanObject(block.Object, null, item, markComputedUnknown: true) : element)
                    .ToArray());
            default:
                return configured;
        }
    }

    /// <summary>Replace-forcing attributes whose planned value may differ from the prior one.
    /// An unknown planned value counts: it may turn out different, and Terraform must know now.</summary>
    private static void CollectReplacements(ObjectSchema schema, ObjectValue prior, ObjectValue planned, AttributePath path, ISet<AttributePath> replacements)
    {
        foreach (var attribute in schema.Attributes.Where(a => a.RequiresReplace && !a.WriteOnly))
        {
            var before = prior[attribute.Name];
            var after = planned[attribute.Name];
            // A computed attribute the configuration left to the daemon changes nothing by itself.
            if (after.IsUnknown && attribute.Computed && !attribute.Optional)
            {
                continue;
            }
            if (!ValueEquality.Equal(before, after, attribute.Type))
            {
                replacements.Add(path.Attribute(attribute.Name));
            }
        }
        foreach (var block in schema.Blocks.Where(b => b.Nesting == BlockNesting.Single))
        {
            if (prior[block.Name] is ObjectValue priorBlock && planned[block.Name] is ObjectValue plannedBlock)
            {
                CollectReplacements(block.Object, priorBlock, plannedBlock, path.Attribute(block.Name), replacements);
            }
        }
    }
}
