namespace Lakeplane.Resources.Model;

public enum Severity { Error, Warning }

/// <summary>A problem to show the user: a summary, the detail (what is wrong and how to fix it)
/// and the attribute it concerns, if any.</summary>
public sealed record Diagnostic(Severity Severity, string Summary, string Detail, AttributePath? Path = null)
{
    /// <summary>What to do next in the engine's own commands; each adapter words it and adds it to the detail.</summary>
    public NextStep? Next { get; init; }

    public static Diagnostic Error(string summary, string detail, AttributePath? path = null) => new(Severity.Error, summary, detail, path);

    public static Diagnostic Warning(string summary, string detail, AttributePath? path = null) => new(Severity.Warning, summary, detail, path);
}

/// <summary>Collects diagnostics during one request.</summary>
public sealed class Diagnostics
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddError(string summary, string detail, AttributePath? path = null) => _items.Add(Diagnostic.Error(summary, detail, path));

    public void AddWarning(string summary, string detail, AttributePath? path = null) => _items.Add(Diagnostic.Warning(summary, detail, path));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}

/// <summary>Thrown by a resource when a request cannot go on; adapters turn it into their own error form.</summary>
public sealed class ResourceException(Diagnostic diagnostic) : Exception(diagnostic.Summary + ": " + diagnostic.Detail)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
