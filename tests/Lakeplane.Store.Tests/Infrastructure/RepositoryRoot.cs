namespace Lakeplane.Store.Tests;

/// <summary>The checkout the tests run from: the nearest directory above the test binaries holding Provider.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Provider.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Provider.sln above {AppContext.BaseDirectory}.");
    }
}
