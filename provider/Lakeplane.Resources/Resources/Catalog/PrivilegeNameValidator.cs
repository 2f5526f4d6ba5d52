using Lakeplane.Protos.Contract;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>
/// A set of privileges must name Unity Catalog privileges exactly as the API writes them
/// (USE_CATALOG). Another spelling ("use catalog") is refused with the one to write: the API
/// answers its own spelling, and state that differs from the configuration would show a change on
/// every plan. Whether a privilege fits the securable is checked by the grant resources, which
/// know which securable it is.
/// </summary>
public sealed class PrivilegeNameValidator : IValueValidator
{
    public static readonly PrivilegeNameValidator Instance = new();

    public string Description => "Unity Catalog privileges as the API writes them, e.g. USE_CATALOG, USE_SCHEMA, SELECT, MODIFY, ALL_PRIVILEGES.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not CollectionValue set)
        {
            return;
        }
        foreach (var element in set.Elements)
        {
            if (element is not StringValue { Value: var written } || UnityCatalogPrivileges.IsKnown(written))
            {
                continue;
            }
            var canonical = UnityCatalogPrivileges.CanonicalOf(written);
            diagnostics.AddError(
                "Invalid privilege",
                canonical is not null
                    ? $"\"{path}\" has \"{written}\": write it as the API does, \"{canonical}\" (upper case, underscores)."
                    : $"\"{path}\" has \"{written}\", which is not a Unity Catalog privilege. Use one of {string.Join(", ", UnityCatalogPrivileges.Known)}.",
                path);
        }
    }
}
