using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Schema;

/// <summary>
/// The package schema: what the plugin serves equals pulumi/schema.json (which the build writes),
/// and it has what `pulumi package gen-sdk` needs: every token well formed, every required name
/// declared, every type reference resolvable, secrets marked.
/// </summary>
public sealed partial class PackageSchemaTests(HarnessFixture fixture) : IClassFixture<HarnessFixture>
{
    private JsonObject Served()
    {
        var response = fixture.Harness.Provider.GetSchema(new GetSchemaRequest { Version = 0 });
        return JsonNode.Parse(response.Schema)!.AsObject();
    }

    [Fact]
    public void The_plugin_serves_the_schema_file_the_build_wrote()
    {
        var served = fixture.Harness.Provider.GetSchema(new GetSchemaRequest { Version = 0 }).Schema;

        Assert.Equal(File.ReadAllText(RepositoryPaths.SchemaFile), served);
    }

    [Fact]
    public void Every_resource_of_the_model_is_there_under_its_token()
    {
        var resources = Served()["resources"]!.AsObject();

        foreach (var token in new[]
        {
            "lakeplane:index:Credentials", "lakeplane:index:StorageConfiguration", "lakeplane:index:Network",
            "lakeplane:index:Workspace", "lakeplane:index:Token", "lakeplane:aws:WorkspaceStack",
        })
        {
            Assert.True(resources.ContainsKey(token), token);
        }
        Assert.True(Served()["functions"]!.AsObject().ContainsKey("lakeplane:index:getWorkspace"));
        Assert.True(Served()["functions"]!.AsObject().ContainsKey("lakeplane:index:getCurrentUser"));
    }

    [Fact]
    public void Names_and_references_are_what_gen_sdk_accepts()
    {
        var schema = Served();
        Assert.Equal("lakeplane", schema["name"]!.GetValue<string>());
        Assert.Equal("0.1.0", schema["version"]!.GetValue<string>());
        var types = schema["types"]!.AsObject();

        foreach (var (token, node) in schema["resources"]!.AsObject())
        {
            Assert.Matches(Token(), token);
            var resource = node!.AsObject();
            AssertDeclared(token, resource["inputProperties"]!.AsObject(), resource["requiredInputs"]!.AsArray());
            AssertDeclared(token, resource["properties"]!.AsObject(), resource["required"]!.AsArray());
        }
        foreach (var (token, node) in schema["functions"]!.AsObject())
        {
            Assert.Matches(FunctionToken(), token);
            if (node!["inputs"] is JsonObject inputs)
            {
                Assert.NotEmpty(inputs["properties"]!.AsObject());
                AssertDeclared(token, inputs["properties"]!.AsObject(), inputs["required"]!.AsArray());
            }
            AssertDeclared(token, node["outputs"]!["properties"]!.AsObject(), node["outputs"]!["required"]!.AsArray());
        }
        foreach (var reference in schema.ToJsonString().Split("\"$ref\":\"").Skip(1).Select(s => s[..s.IndexOf('"')]))
        {
            Assert.StartsWith("#/types/", reference, StringComparison.Ordinal);
            Assert.True(types.ContainsKey(reference["#/types/".Length..]), reference);
        }
    }

    [Fact]
    public void The_token_is_secret_and_every_setting_names_its_environment_variable()
    {
        var schema = Served();
        var variables = schema["config"]!["variables"]!.AsObject();
        var providerInputs = schema["provider"]!["inputProperties"]!.AsObject();

        Assert.Equal(["accountId", "host", "token"], variables.Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.True(variables["token"]!["secret"]!.GetValue<bool>());
        Assert.True(providerInputs["token"]!["secret"]!.GetValue<bool>());
        Assert.Equal("LAKEPLANE_ACCOUNT_ID", variables["accountId"]!["defaultInfo"]!["environment"]![0]!.GetValue<string>());
        Assert.Equal("LAKEPLANE_HOST", providerInputs["host"]!["defaultInfo"]!["environment"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Properties_are_camelCase_sensitive_outputs_are_secret_and_replacements_are_declared()
    {
        var resources = Served()["resources"]!.AsObject();
        var token = resources["lakeplane:index:Token"]!;
        var workspace = resources["lakeplane:index:Workspace"]!;

        Assert.True(token["properties"]!["tokenValue"]!["secret"]!.GetValue<bool>());
        Assert.True(workspace["inputProperties"]!["awsRegion"]!["willReplaceOnChanges"]!.GetValue<bool>());
        Assert.Null(workspace["inputProperties"]!["credentialsId"]!["willReplaceOnChanges"]);
        Assert.False(workspace["inputProperties"]!.AsObject().ContainsKey("timeouts"));
        Assert.Contains("workspaceId", workspace["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var (_, resource) in resources)
        {
            Assert.All(resource!["properties"]!.AsObject(), p => Assert.DoesNotContain("_", p.Key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_component_is_marked_and_takes_its_four_inputs()
    {
        var stack = Served()["resources"]!["lakeplane:aws:WorkspaceStack"]!;

        Assert.True(stack["isComponent"]!.GetValue<bool>());
        Assert.Equal(["availabilityZones", "name", "region", "vpcCidr"], stack["requiredInputs"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["workspaceId", "workspaceUrl"], stack["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static void AssertDeclared(string token, JsonObject properties, JsonArray names)
    {
        foreach (var name in names.Select(n => n!.GetValue<string>()))
        {
            Assert.True(properties.ContainsKey(name), $"{token}: \"{name}\" is required but not declared");
        }
    }

    [GeneratedRegex("^lakeplane:(index|aws):[A-Z][A-Za-z0-9]+$")]
    private static partial Regex Token();

    [GeneratedRegex("^lakeplane:index:get[A-Z][A-Za-z0-9]+$")]
    private static partial Regex FunctionToken();
}
