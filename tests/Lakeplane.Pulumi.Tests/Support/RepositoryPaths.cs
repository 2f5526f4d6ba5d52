namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>Where things are in the repository and which binaries the tests run.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>LAKEPLANE_BIN (what `make test` sets after `make build`), else the repository's bin/.</summary>
    public static string Bin =>
        Environment.GetEnvironmentVariable("LAKEPLANE_BIN") is { Length: > 0 } bin ? bin : Path.Combine(Root, "bin");

    public static string SchemaFile => Path.Combine(Root, "pulumi", "schema.json");

    private static string FindRoot()
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
