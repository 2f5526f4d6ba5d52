namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// The plugin executable under test: the published one in LAKEPLANE_BIN or the repository's bin/
/// (filled by `make build`); when neither has one, the apphost the project reference builds next
/// to these tests, so a plain `dotnet test` of this project works too.
/// </summary>
public static class PluginBinary
{
    public const string FileName = "pulumi-resource-lakeplane";

    public static string Locate()
    {
        var published = Path.Combine(RepositoryPaths.Bin, FileName);
        if (File.Exists(published))
        {
            return published;
        }
        var local = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(local)
            ? local
            : throw new FileNotFoundException($"{FileName} is neither in {RepositoryPaths.Bin} nor next to the tests; run `make build`.", published);
    }
}
