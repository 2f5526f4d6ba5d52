using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Validation findings as Pulumi's CheckFailure: the camelCase property it concerns and a reason
/// that says what is wrong and how to fix it. Warnings are not failures: they go to the engine log.
/// </summary>
public static class CheckFailures
{
    public static IEnumerable<CheckFailure> From(Diagnostics diagnostics) =>
        diagnostics.Items.Where(d => d.Severity == Severity.Error).Select(From);

    public static CheckFailure From(Diagnostic diagnostic) => new()
    {
        Property = PropertyPaths.ToPulumi(diagnostic.Path),
        Reason = PropertyPaths.ToPulumiText(string.IsNullOrEmpty(diagnostic.Detail) ? diagnostic.Summary : $"{diagnostic.Summary}: {diagnostic.Detail}"),
    };

    public static void LogWarnings(Diagnostics diagnostics, ProviderSession session, string urn)
    {
        foreach (var warning in diagnostics.Items.Where(d => d.Severity == Severity.Warning))
        {
            var property = PropertyPaths.ToPulumi(warning.Path);
            var prefix = property.Length > 0 ? property + ": " : "";
            session.Log.Warning(PropertyPaths.ToPulumiText($"{prefix}{warning.Summary}: {warning.Detail}"), urn);
        }
    }
}
