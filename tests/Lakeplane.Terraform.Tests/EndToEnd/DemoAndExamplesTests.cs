using System.Text;
using System.Text.RegularExpressions;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// A new user's first hour: `make demo` (twice, the second after `make demo-stop`), the documented
/// `source` lines, and every example applied with the commands its own header gives, against the
/// demo's daemon. One demo for the class: its daemon serves every example, as it would the user.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DemoAndExamplesTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private const string EnvFile = ".lakeplane/env";

    [Fact]
    public void The_demo_applies_the_quickstart_and_a_second_run_after_demo_stop_changes_nothing()
    {
        demo.FirstDemo.Expect(0).ExpectOutput("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.");
        demo.SecondDemo.Expect(0).ExpectOutput("No changes.");
        // The terminal says where the token is.
        demo.FirstDemo.ExpectOutput($"admin token is in {EnvFile} (mode 0600");
    }

    [Fact]
    public async Task The_admin_token_is_in_no_file_the_demo_leaves_but_its_owner_only_env_file_and_never_on_the_terminal()
    {
        var token = demo.AdminToken;
        Assert.StartsWith("lpt_", token, StringComparison.Ordinal);
        var secret = token["lpt_".Length..];
        var envFile = Path.Combine(demo.DataDirectory, "env");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));

        var files = Directory.GetFiles(demo.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(file => file != envFile)
            .ToList();
        Assert.Contains(Path.Combine(demo.DataDirectory, "lakeplaned.log"), files);
        Assert.Contains(files, file => file.EndsWith("terraform.tfstate", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = await ReadSharedAsync(file);
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} holds the admin token");
        }
        foreach (var run in new[] { demo.FirstDemo, demo.SecondDemo })
        {
            Assert.DoesNotContain(secret, run.Output, StringComparison.Ordinal);
        }

        // Everything the demo wrote is for its user only: terraform's state holds the quickstart's workspace token. Not
        // terraform's copy of the provider executable (.terraform/providers), which terraform makes 0755 on purpose.
        var written = Directory.GetFileSystemEntries(demo.DataDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(entry => !entry.Contains("/.terraform/providers", StringComparison.Ordinal))
            .Append(demo.DataDirectory)
            .ToList();
        Assert.Contains(Path.Combine(demo.DataDirectory, "quickstart", "terraform.tfstate"), written);
        foreach (var entry in written)
        {
            var mode = File.GetUnixFileMode(entry);
            Assert.True((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0, $"{entry} is readable by others ({mode})");
        }
    }

    [Fact]
    public async Task Every_documented_source_line_names_the_one_env_file_and_sets_what_the_examples_need()
    {
        var repository = LakeplaneBinaries.RepositoryRoot;
        var documents = Directory.GetFiles(repository, "*.md", SearchOption.TopDirectoryOnly)
            .Concat(Directory.GetFiles(Path.Combine(repository, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(repository, "examples"), "*", SearchOption.AllDirectories)
                .Where(file => file.EndsWith(".tf", StringComparison.Ordinal) || file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".yaml", StringComparison.Ordinal)))
            .Concat(Directory.GetFiles(Path.Combine(repository, "daemon"), "README.md", SearchOption.AllDirectories))
            .Where(file => !file.Contains("/.terraform/", StringComparison.Ordinal));
        var lines = new List<(string Document, string Path)>();
        foreach (var document in documents)
        {
            foreach (Match match in DocumentedSourceLine().Matches(await File.ReadAllTextAsync(document)))
            {
                lines.Add((Path.GetRelativePath(repository, document), match.Groups["path"].Value));
            }
        }
        // The demo tells the user the same, last thing it prints.
        foreach (Match match in DocumentedSourceLine().Matches(demo.FirstDemo.Stdout))
        {
            lines.Add(("make demo's output", match.Groups["path"].Value));
        }
        string[] mustDocument = ["README.md", "examples/quickstart/main.tf", "examples/catalog/main.tf", "examples/pulumi/README.md", "examples/pulumi/Pulumi.yaml", "make demo's output"];
        foreach (var document in mustDocument)
        {
            Assert.True(lines.Any(line => line.Document == document), $"{document} documents no `source` line; found: {string.Join(", ", lines)}");
        }

        Assert.All(lines, line => Assert.True(line.Path == EnvFile, $"{line.Document} says `source {line.Path}`, not `source {EnvFile}`"));
        foreach (var (document, path) in lines.Distinct())
        {
            // From the repository root, as each of them says; then the API answers with what it set.
            var result = await demo.RunAsync($"""
                source {path}
                test -n "$LAKEPLANE_HOST" -a -n "$LAKEPLANE_ACCOUNT_ID" -a -n "$LAKEPLANE_TOKEN"
                curl -fsS -H "Authorization: Bearer $LAKEPLANE_TOKEN" "$LAKEPLANE_HOST/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/workspaces" >/dev/null
                """);
            Assert.True(result.ExitCode == 0, $"`source {path}` from {document}: {result}");
        }
    }

    [Fact]
    public async Task The_command_the_demo_prints_last_plans_no_changes()
    {
        var printed = demo.FirstDemo.Stdout.Split('\n').Last(line => line.StartsWith("Use it yourself", StringComparison.Ordinal));
        var command = printed[(printed.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        (await demo.RunAsync(command)).Expect(0).ExpectOutput("No changes.");
    }

    /// <summary>The examples a user applies on their own: a directory of examples/ with a configuration and a header saying how.</summary>
    private static readonly string[] StandaloneExampleNames = ["catalog", "quickstart"];

    public static TheoryData<string> StandaloneExamples => new(StandaloneExampleNames);

    [Fact]
    public void Every_standalone_example_is_applied_by_the_test_below()
    {
        var examples = Path.Combine(LakeplaneBinaries.RepositoryRoot, "examples");
        var standalone = Directory.GetDirectories(examples)
            .Where(directory => Directory.GetFiles(directory, "*.tf").Length > 0 && Path.GetFileName(directory) != "provider")
            .Select(directory => Path.GetFileName(directory))
            .Order()
            .ToArray();
        Assert.Equal(StandaloneExampleNames, standalone);
    }

    [Theory]
    [MemberData(nameof(StandaloneExamples))]
    public async Task An_example_applies_first_time_with_its_header_commands_then_plans_empty_and_destroys_cleanly(string example)
    {
        var header = HeaderCommands(File.ReadAllText(Path.Combine(demo.Root, "examples", example, "main.tf")));
        Assert.Contains(header, command => command == $"source {EnvFile}");
        Assert.Contains(header, command => command == $"terraform -chdir=examples/{example} init");
        var apply = Assert.Single(header, command => command.StartsWith($"terraform -chdir=examples/{example} apply", StringComparison.Ordinal));

        // As typed at a terminal: terraform asks before applying, and the user says yes.
        var applied = await demo.RunAsync(string.Join('\n', header), stdin: "yes\n");
        applied.Expect(0).ExpectOutput("Apply complete!").ExpectNoOutput("Warning").ExpectNoOutput("Incomplete lock file information");

        var arguments = apply[$"terraform -chdir=examples/{example} apply".Length..];
        (await demo.RunAsync($"source {EnvFile}\nterraform -chdir=examples/{example} plan -detailed-exitcode{arguments}"))
            .Expect(0).ExpectOutput("No changes.");

        var logBefore = await ReadSharedAsync(Path.Combine(demo.DataDirectory, "lakeplaned.log"));
        (await demo.RunAsync($"source {EnvFile}\nterraform -chdir=examples/{example} destroy -auto-approve{arguments}"))
            .Expect(0).ExpectOutput("Destroy complete!").ExpectNoOutput("Error").ExpectNoOutput("Warning");
        var logOfDestroy = (await ReadSharedAsync(Path.Combine(demo.DataDirectory, "lakeplaned.log")))[logBefore.Length..];
        Assert.DoesNotContain("Error status code", logOfDestroy, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", logOfDestroy, StringComparison.Ordinal);
    }

    /// <summary>The commands of an example's header: its leading comment lines indented as a code block ("#   command").</summary>
    private static List<string> HeaderCommands(string configuration) =>
        configuration.Split('\n')
            .TakeWhile(line => line.StartsWith('#'))
            .Where(line => line.StartsWith("#   ", StringComparison.Ordinal))
            .Select(line => line[4..].Trim())
            .ToList();

    private static async Task<string> ReadSharedAsync(string path)
    {
        // The daemon writes its log and database while we read.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return Encoding.Latin1.GetString(memory.ToArray());
    }

    /// <summary>`source &lt;path ending in env&gt;` as documentation writes it (not HCL's `source = "..."`).</summary>
    [GeneratedRegex(@"\bsource\s+(?<path>[^\s=`'""&;)]*env)\b")]
    private static partial Regex DocumentedSourceLine();
}
