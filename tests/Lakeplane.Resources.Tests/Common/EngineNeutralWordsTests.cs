using System.Text.RegularExpressions;

namespace Lakeplane.Resources.Tests.Common;

/// <summary>
/// The model is read by Terraform's and Pulumi's users alike: its messages must not tell either
/// to run the other's commands, nor name Terraform's timeouts block (Pulumi has customTimeouts).
/// The adapters add their engine's command (NextStep). Reads the model's sources, so a message
/// added later in Terraform's words fails here.
/// </summary>
public sealed partial class EngineNeutralWordsTests
{
    [Fact]
    public void No_string_in_the_model_tells_the_user_to_run_an_engine_command_or_raise_timeouts()
    {
        var root = RepositoryRoot();
        var model = Path.Combine(root, "provider", "Lakeplane.Resources");
        var offending = Directory.EnumerateFiles(model, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(entry => !entry.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && EngineWords().IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(root, entry.file)}:{entry.number}: {entry.line.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, "Engine commands in the model's messages:\n" + string.Join('\n', offending));
    }

    [GeneratedRegex(@"(?i)(terraform|pulumi) (apply|destroy|up|plan|import|refresh)\b|timeouts\.(create|update|delete)|""timeouts""")]
    private static partial Regex EngineWords();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Provider.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("Provider.sln not found above " + AppContext.BaseDirectory);
    }
}
