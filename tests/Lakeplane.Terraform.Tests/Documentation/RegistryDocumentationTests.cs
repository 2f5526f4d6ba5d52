using Lakeplane.Resources;
using Lakeplane.Terraform.Documentation;

namespace Lakeplane.Terraform.Tests.Documentation;

/// <summary>
/// provider/docs is rendered from the resource model and the examples; this test fails when a
/// schema or example changed without the docs. `make docs` (LAKEPLANE_UPDATE_DOCS=1) rewrites them.
/// </summary>
public sealed class RegistryDocumentationTests
{
    private static readonly LakeplaneProvider Provider = new(_ => null);

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "index.md" };
        foreach (var resource in Provider.Resources)
        {
            pages.Add($"resources/{resource.Name}.md");
        }
        foreach (var dataSource in Provider.DataSources)
        {
            pages.Add($"data-sources/{dataSource.Name}.md");
        }
        foreach (var ephemeral in Provider.EphemeralResources)
        {
            pages.Add($"ephemeral-resources/{ephemeral.Name}.md");
        }
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Committed_page_matches_the_model(string page)
    {
        var root = RepositoryRoot();
        var expected = Render(root, page);
        var path = Path.Combine(root, "provider", "docs", page);
        if (Environment.GetEnvironmentVariable("LAKEPLANE_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path), $"{path} is missing: run `make docs`.");
        Assert.True(expected == File.ReadAllText(path), $"{path} is out of date with the model or its example: run `make docs`.");
    }

    private static string Render(string root, string page)
    {
        var parts = page.Split('/');
        if (parts.Length == 1)
        {
            return RegistryDocumentation.RenderProvider(Provider.ConfigSchema, Read(root, "examples/provider/provider.tf"));
        }
        var name = Path.GetFileNameWithoutExtension(parts[1]);
        var typeName = RegistryDocumentation.ProviderName + "_" + name;
        return parts[0] switch
        {
            "resources" => RegistryDocumentation.RenderResource(
                Provider.Resources.Single(r => r.Name == name),
                Read(root, $"examples/resources/{typeName}/resource.tf"),
                Read(root, $"examples/resources/{typeName}/import.sh")),
            "ephemeral-resources" => RegistryDocumentation.RenderEphemeralResource(
                Provider.EphemeralResources.Single(e => e.Name == name),
                Read(root, $"examples/ephemeral-resources/{typeName}/ephemeral-resource.tf")),
            _ => RegistryDocumentation.RenderDataSource(
                Provider.DataSources.Single(d => d.Name == name),
                Read(root, $"examples/data-sources/{typeName}/data-source.tf")),
        };
    }

    private static string? Read(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Provider.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Provider.sln not found above " + AppContext.BaseDirectory);
    }
}
