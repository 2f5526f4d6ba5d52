namespace Lakeplane.Terraform.Tests.Support;

/// <summary>
/// Where the provider executable under test is: LAKEPLANE_TERRAFORM_PROVIDER when set, the
/// published one in LAKEPLANE_BIN (what `make test` builds), otherwise the one the project
/// reference copies next to these tests.
/// </summary>
public static class ProviderBinary
{
    public const string FileName = "terraform-provider-lakeplane";

    public static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("LAKEPLANE_TERRAFORM_PROVIDER");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Require(explicitPath);
        }
        var bin = Environment.GetEnvironmentVariable("LAKEPLANE_BIN");
        if (!string.IsNullOrEmpty(bin) && File.Exists(Path.Combine(bin, FileName)))
        {
            return Path.Combine(bin, FileName);
        }
        return Require(Path.Combine(AppContext.BaseDirectory, FileName));
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"The provider executable is not at {path}; build provider/Lakeplane.Terraform first.", path);
}
