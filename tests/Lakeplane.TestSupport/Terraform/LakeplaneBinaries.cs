namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// The published executables the end-to-end tests run: LAKEPLANE_BIN (what `make test` sets to
/// the repository's bin/ after `make build`), otherwise &lt;repo&gt;/bin. Missing ones fail the
/// test with the command that builds them: these tests must never pass by not running.
/// </summary>
public static class LakeplaneBinaries
{
    public const string ProviderFileName = "terraform-provider-lakeplane";
    public const string DaemonFileName = "lakeplaned";

    public static string Directory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("LAKEPLANE_BIN");
            return !string.IsNullOrEmpty(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : Path.Combine(RepositoryRoot, "bin");
        }
    }

    public static string Provider => Require(ProviderFileName);

    public static string Daemon => Require(DaemonFileName);

    /// <summary>The directory holding Provider.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Provider.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException($"no Provider.sln above {AppContext.BaseDirectory}");
        }
    }

    private static string Require(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException(
            $"{fileName} is not in {Directory}. Run `make build` (or dotnet publish daemon/Lakeplane.Daemon and provider/Lakeplane.Terraform " +
            "-c Release -r linux-x64 --self-contained false -p:PublishSingleFile=true -o bin), or point LAKEPLANE_BIN at the executables.", path);
    }
}
