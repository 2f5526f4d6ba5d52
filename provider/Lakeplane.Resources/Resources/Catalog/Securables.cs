using Lakeplane.Protos.Contract;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>The securable a grant resource is about, read from whichever of its securable arguments is set.</summary>
public sealed record Securable(SecurableKind Kind, string FullName)
{
    /// <summary>"table main.sales.orders": how messages name it.</summary>
    public override string ToString() => $"{Kind.Label} {FullName}";

    /// <summary>The id part after the workspace: "table/main.sales.orders", as Databricks' grant ids read.</summary>
    public string Path => $"{Kind.SecurableType}/{FullName}";

    /// <summary>
    /// The securable arguments of lakeplane_grants and lakeplane_grant (databricks_grants' names):
    /// exactly one is set; changing it means other grants on another object, so it replaces.
    /// </summary>
    public static IEnumerable<AttributeSchema> Arguments() => SecurableKind.All.Select(kind =>
    {
        var attribute = Attr.String(kind.Argument).Optional()
            .RequiresReplace("The grants are on another object then.")
            .Describe(kind.NameDescription + " Set exactly one securable argument.");
        return (AttributeSchema)(kind.Levels > 0 ? attribute.Validate(new CatalogNameValidator(lowerCase: true, kind.Levels)) : attribute);
    });

    /// <summary>The one securable the configuration names, or null with a diagnostic when it names none or several. Null without one while unknown.</summary>
    public static Securable? From(ObjectValue value, Diagnostics diagnostics)
    {
        var set = SecurableKind.All.Where(k => !value[k.Argument].IsNull).ToList();
        if (set.Count != 1)
        {
            var arguments = string.Join(", ", SecurableKind.All.Select(k => k.Argument));
            diagnostics.AddError(
                set.Count == 0 ? "Missing securable" : "Conflicting securables",
                set.Count == 0
                    ? $"Say what the grants are on: set exactly one of {arguments}."
                    : $"Grants are on one object: set only one of {string.Join(", ", set.Select(k => k.Argument))}.",
                AttributePath.Of(set.Count == 0 ? SecurableKind.Catalog.Argument : set[1].Argument));
            return null;
        }
        return value[set[0].Argument] is StringValue { Value: var name } ? new Securable(set[0], name) : null;
    }

    /// <summary>The securable of a known plan or state (its arguments were validated at plan time).</summary>
    public static Securable Require(ObjectValue value)
    {
        var diagnostics = new Diagnostics();
        return From(value, diagnostics) ?? throw new ResourceException(diagnostics.Items.FirstOrDefault()
            ?? Diagnostic.Error("Unknown securable", "The securable argument is not known yet."));
    }

    /// <summary>Each privilege in <paramref name="privileges"/> that cannot be granted on this kind of securable, with a diagnostic on <paramref name="path"/>.</summary>
    public void CheckApplicable(Value privileges, AttributePath path, Diagnostics diagnostics)
    {
        if (privileges is not CollectionValue set)
        {
            return;
        }
        foreach (var element in set.Elements)
        {
            if (element is StringValue { Value: var privilege } && UnityCatalogPrivileges.IsKnown(privilege)
                && !UnityCatalogPrivileges.AppliesToType(privilege, Kind.SecurableType))
            {
                diagnostics.AddError(
                    "Privilege not applicable",
                    $"\"{path}\" has {privilege}, which cannot be granted on a {Kind.Label}. The privileges of a {Kind.Label} are {string.Join(", ", UnityCatalogPrivileges.For(Kind.SecurableType))}.",
                    path);
            }
        }
    }
}
