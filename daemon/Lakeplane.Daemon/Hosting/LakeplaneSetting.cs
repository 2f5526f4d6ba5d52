namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// How every area reads a setting that has no command-line flag: the LAKEPLANE_* environment variable, else the key in
/// appsettings.json's "Lakeplane" section. A blank value counts as unset, so an exported empty variable falls through.
/// </summary>
internal static class LakeplaneSetting
{
    /// <summary>A lookup of (environment variable, appsettings key) over <paramref name="configuration"/>.</summary>
    public static Func<string, string, string?> From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Lakeplane");
        return (variable, key) => NonEmpty(Environment.GetEnvironmentVariable(variable)) ?? NonEmpty(section[key]);
    }

    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
