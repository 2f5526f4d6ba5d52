namespace Lakeplane.Daemon.Tests.Support;

/// <summary>
/// Finds the daemon to start: bin/lakeplaned under LAKEPLANE_BIN (what `make test` builds), else
/// the daemon project's build output of the same configuration as these tests.
/// </summary>
public static class DaemonBinary
{
    public static (string FileName, string[] PrefixArguments) Locate()
    {
        var bin = Environment.GetEnvironmentVariable("LAKEPLANE_BIN");
        if (!string.IsNullOrEmpty(bin))
        {
            var executable = Path.Combine(bin, "lakeplaned");
            if (!File.Exists(executable))
            {
                throw new FileNotFoundException($"LAKEPLANE_BIN is {bin} but it has no lakeplaned: run make build.", executable);
            }
            return (executable, []);
        }
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(RepositoryRoot(), "daemon", "Lakeplane.Daemon", "bin", configuration, "net10.0", "lakeplaned.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No built daemon at {dll}: build daemon/Lakeplane.Daemon -c {configuration} first.", dll);
        }
        return ("dotnet", [dll]);
    }

    public static string RepositoryRoot()
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
