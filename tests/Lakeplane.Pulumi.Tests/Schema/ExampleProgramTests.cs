using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Schema;

/// <summary>
/// examples/pulumi/Pulumi.yaml stays runnable as the schema changes: every type and function it
/// names exists, every property it sets is an input, every required input is set, and the
/// plugin is taken from the folder `make build` fills.
/// </summary>
public sealed partial class ExampleProgramTests
{
    private static readonly string ProgramPath = Path.Combine(RepositoryPaths.Root, "examples", "pulumi", "Pulumi.yaml");

    [Fact]
    public void Every_resource_of_the_example_sets_declared_inputs_and_all_required_ones()
    {
        var resources = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SchemaFile))!["resources"]!.AsObject();
        var declarations = ResourceDeclarations(File.ReadAllLines(ProgramPath));

        Assert.NotEmpty(declarations);
        foreach (var (name, type, properties) in declarations)
        {
            Assert.True(resources.ContainsKey(type), $"{name}: no resource type {type} in the schema");
            var inputs = resources[type]!["inputProperties"]!.AsObject();
            Assert.All(properties, p => Assert.True(inputs.ContainsKey(p), $"{name}: {type} has no input {p}"));
            Assert.All(resources[type]!["requiredInputs"]!.AsArray().Select(n => n!.GetValue<string>()), r => Assert.Contains(r, properties));
        }
    }

    [Fact]
    public void The_example_calls_existing_functions_and_uses_the_local_plugin()
    {
        var functions = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SchemaFile))!["functions"]!.AsObject();
        var text = File.ReadAllText(ProgramPath);

        var called = FunctionLine().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(called);
        Assert.All(called, f => Assert.True(functions.ContainsKey(f), f));
        Assert.Matches(@"plugins:\s+providers:\s+(#[^\n]*\n\s+)*- name: lakeplane\s+path: \.\./\.\./bin", text);
    }

    /// <summary>Just enough YAML for this file: resources at two spaces, their type and properties at four, property keys at six.</summary>
    private static List<(string Name, string Type, List<string> Properties)> ResourceDeclarations(string[] lines)
    {
        var declarations = new List<(string, string, List<string>)>();
        var inResources = false;
        var inProperties = false;
        foreach (var line in lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
        {
            var indent = line.Length - line.TrimStart().Length;
            var key = line.Trim().TrimEnd(':');
            if (indent == 0)
            {
                inResources = line.StartsWith("resources:", StringComparison.Ordinal);
                continue;
            }
            if (!inResources)
            {
                continue;
            }
            if (indent == 2)
            {
                declarations.Add((key, "", []));
                inProperties = false;
            }
            else if (indent == 4)
            {
                inProperties = key == "properties";
                if (line.Trim().StartsWith("type:", StringComparison.Ordinal))
                {
                    var (name, _, properties) = declarations[^1];
                    declarations[^1] = (name, line.Trim()["type:".Length..].Trim(), properties);
                }
            }
            else if (indent == 6 && inProperties)
            {
                declarations[^1].Item3.Add(line.Trim().Split(':')[0]);
            }
        }
        return declarations;
    }

    [GeneratedRegex(@"function: (lakeplane:[A-Za-z:]+)")]
    private static partial Regex FunctionLine();
}
