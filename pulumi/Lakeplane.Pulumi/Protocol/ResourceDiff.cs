using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Kind = Lakeplane.Protos.Pulumirpc.PropertyDiff.Types.Kind;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Diff: the model's planner (the one Terraform's PlanResourceChange uses) plans the new inputs
/// against the state, and every input property whose planned value differs is reported with its
/// kind (maps key by key). A property left to the daemon keeps its prior value in the plan, so a server default
/// never diffs; sets compare without order, so a daemon that sorts never causes a diff that
/// doesn't settle; and a replace is claimed only for a known value: an unknown one (a preview
/// before its inputs resolve) shows as an update, and the engine's Diff during the update —
/// with the value known — decides. An output counts only when the resource's plan sets it to a
/// known new value of its own accord (a terminated cluster that keep_running starts again: state
/// becomes RUNNING); one merely unknown follows the inputs that changed. Warnings of the plan (a
/// cluster that restarts) go to the engine log.
/// </summary>
public sealed class ResourceDiff(PulumiCatalog catalog, ProviderSession session)
{
    public DiffResponse Diff(DiffRequest request)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var schema = resource.Schema.Root;
        var type = schema.ValueType();
        var prior = PropertyDecoder.Decode(request.Olds, type).Value;
        var config = PropertyDecoder.Decode(request.News, type).Value;
        var plan = ResourcePlanner.Plan(resource, prior, config);
        if (plan.Diagnostics.HasErrors)
        {
            throw new ResourceException(plan.Diagnostics.Items.First(d => d.Severity == Severity.Error));
        }
        CheckFailures.LogWarnings(plan.Diagnostics, session, request.Urn);
        var ignored = request.IgnoreChanges.Select(TopLevelName).ToHashSet(StringComparer.Ordinal);

        var response = new DiffResponse { HasDetailedDiff = true };
        foreach (var (name, attributeType, isInput) in Properties(schema))
        {
            var property = PulumiNames.ToCamel(name);
            var before = prior[name];
            var after = plan.Planned[name];
            if (ValueEquality.Equal(before, after, attributeType))
            {
                if (after.IsWhollyKnown)
                {
                    response.Stables.Add(property);
                }
                continue;
            }
            if (ignored.Contains(property) || (!isInput && !after.IsWhollyKnown))
            {
                continue;
            }
            var replaces = after.IsWhollyKnown && plan.RequiresReplace.Any(path => path.Steps.FirstOrDefault() is AttributeStep step && step.Name == name);
            response.Diffs.Add(property);
            foreach (var (path, kind) in Changes(property, before, after, attributeType, replaces))
            {
                response.DetailedDiff[path] = new PropertyDiff { Kind = kind, InputDiff = false };
            }
            if (replaces)
            {
                response.Replaces.Add(property);
            }
        }
        response.Changes = response.Diffs.Count > 0 ? DiffResponse.Types.DiffChanges.DiffSome : DiffResponse.Types.DiffChanges.DiffNone;
        // Names are unique in a Lakeplane account: the old object must go before its successor can
        // take the name, as Terraform also does by default.
        response.DeleteBeforeReplace = response.Replaces.Count > 0;
        return response;
    }

    private static IEnumerable<(string Name, TypeSpec Type, bool IsInput)> Properties(ObjectSchema schema)
    {
        var type = schema.ValueType();
        foreach (var (name, attributeType) in type.Attributes)
        {
            var attribute = schema.FindAttribute(name);
            if (attribute is { WriteOnly: true })
            {
                continue;
            }
            yield return (name, attributeType, attribute is null || attribute.Required || attribute.Optional);
        }
    }

    /// <summary>
    /// The detailed diff entries of one changed property: a map that exists before and after is
    /// diffed per key (customTags.env added, customTags.team changed), anything else as a whole.
    /// </summary>
    private static IEnumerable<(string Path, Kind Kind)> Changes(string property, Value before, Value after, TypeSpec type, bool replaces)
    {
        if (type is MapType map && before is ObjectValue beforeMap && after is ObjectValue afterMap)
        {
            foreach (var key in beforeMap.Attributes.Keys.Union(afterMap.Attributes.Keys).Order(StringComparer.Ordinal))
            {
                var beforeValue = beforeMap[key];
                var afterValue = afterMap[key];
                if (!ValueEquality.Equal(beforeValue, afterValue, map.Element))
                {
                    yield return ($"{property}.{key}", KindOf(beforeValue, afterValue, replaces));
                }
            }
            yield break;
        }
        yield return (property, KindOf(before, after, replaces));
    }

    private static Kind KindOf(Value before, Value after, bool replaces) => (before.IsNull, after.IsNull) switch
    {
        (true, _) => replaces ? Kind.AddReplace : Kind.Add,
        (_, true) => replaces ? Kind.DeleteReplace : Kind.Delete,
        _ => replaces ? Kind.UpdateReplace : Kind.Update,
    };

    /// <summary>"customTags.env" or "subnetIds[0]" → the property it is under.</summary>
    private static string TopLevelName(string path)
    {
        var end = path.IndexOfAny(['.', '[']);
        return end < 0 ? path : path[..end];
    }
}
