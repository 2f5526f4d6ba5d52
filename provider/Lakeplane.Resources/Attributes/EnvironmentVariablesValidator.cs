using System.Text.RegularExpressions;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// The keys of a map of environment variables: names a POSIX shell can export (letters, digits
/// and _, not starting with a digit), outside a prefix reserved for Lakeplane's own processes.
/// </summary>
public sealed partial class EnvironmentVariablesValidator(string reservedPrefix) : IValueValidator
{
    public string Description => $"Keys are environment variable names (letters, digits and _, not starting with a digit), not starting with {reservedPrefix}.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not ObjectValue variables)
        {
            return;
        }
        foreach (var name in variables.Attributes.Keys)
        {
            if (!VariableName().IsMatch(name))
            {
                ValidationMessages.Invalid(diagnostics, path.Key(name), "is not an environment variable name: use letters, digits and _, not starting with a digit.");
            }
            else if (name.StartsWith(reservedPrefix, StringComparison.Ordinal))
            {
                ValidationMessages.Invalid(diagnostics, path.Key(name), $"starts with {reservedPrefix}, which Lakeplane's node agent reserves: choose another name.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
