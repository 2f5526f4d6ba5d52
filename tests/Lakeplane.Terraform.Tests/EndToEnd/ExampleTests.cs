using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>The configurations users copy from examples/ must be valid for the provider's schema, checked by terraform itself.</summary>
public sealed class ExampleTests
{
    private static string Examples => Path.Combine(LakeplaneBinaries.RepositoryRoot, "examples");

    [Fact]
    public async Task Quickstart_is_valid()
    {
        using var terraform = new TerraformDirectory("example-quickstart", lakeplane: null);
        foreach (var file in Directory.GetFiles(Path.Combine(Examples, "quickstart"), "*.tf"))
        {
            terraform.WriteFile(Path.GetFileName(file), File.ReadAllText(file));
        }

        (await terraform.RunAsync("validate")).Expect(0).ExpectOutput("The configuration is valid");
    }

    /// <summary>
    /// The per-resource, data source and ephemeral resource examples reference each other (the
    /// token's workspace, the workspace's credentials), as the registry documentation shows them:
    /// valid together.
    /// </summary>
    [Fact]
    public async Task Resource_data_source_and_ephemeral_resource_examples_are_valid_together()
    {
        using var terraform = new TerraformDirectory("example-resources", lakeplane: null);
        terraform.WriteFile("providers.tf", TerraformDirectory.ProvidersBlock);
        var copied = 0;
        foreach (var directory in Directory.GetDirectories(Path.Combine(Examples, "resources")))
        {
            terraform.WriteFile($"resource_{Path.GetFileName(directory)}.tf", File.ReadAllText(Path.Combine(directory, "resource.tf")));
            Assert.True(File.Exists(Path.Combine(directory, "import.sh")), $"{directory} has no import.sh");
            copied++;
        }
        foreach (var directory in Directory.GetDirectories(Path.Combine(Examples, "data-sources")))
        {
            terraform.WriteFile($"data_{Path.GetFileName(directory)}.tf", File.ReadAllText(Path.Combine(directory, "data-source.tf")));
            copied++;
        }
        foreach (var directory in Directory.GetDirectories(Path.Combine(Examples, "ephemeral-resources")))
        {
            terraform.WriteFile($"ephemeral_{Path.GetFileName(directory)}.tf", File.ReadAllText(Path.Combine(directory, "ephemeral-resource.tf")));
            copied++;
        }
        Assert.Equal(34, copied);

        (await terraform.RunAsync("validate")).Expect(0).ExpectOutput("The configuration is valid");
    }
}
