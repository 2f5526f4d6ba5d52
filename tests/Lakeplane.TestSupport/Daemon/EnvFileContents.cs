namespace Lakeplane.Daemon.Tests.Support;

/// <summary>The exports of &lt;data-dir&gt;/env, as `source` would see them.</summary>
public sealed record EnvFileContents(IReadOnlyDictionary<string, string> Exports, IReadOnlyList<string> Lines)
{
    public static EnvFileContents Read(string dataDirectory)
    {
        var lines = File.ReadAllLines(Path.Combine(dataDirectory, "env"));
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.StartsWith("export ", StringComparison.Ordinal)))
        {
            var assignment = line["export ".Length..];
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            exports[assignment[..equals]] = assignment[(equals + 1)..];
        }
        return new EnvFileContents(exports, lines);
    }

    public string Host => Exports["LAKEPLANE_HOST"];

    public string AccountId => Exports["LAKEPLANE_ACCOUNT_ID"];

    public string Token => Exports["LAKEPLANE_TOKEN"];
}
