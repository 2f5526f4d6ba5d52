using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Daemon.Tests.Hosting;

/// <summary>The env file on starts that are not the first one.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EnvFileRecoveryTests
{
    [Fact]
    public async Task A_lost_env_file_is_rewritten_without_inventing_a_token()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-envfile-").FullName;
        try
        {
            string accountId;
            await using (var first = await DaemonProcess.StartAsync(dataDirectory))
            {
                accountId = EnvFileContents.Read(dataDirectory).AccountId;
                Assert.Equal(0, await first.StopAsync());
            }
            File.Delete(Path.Combine(dataDirectory, "env"));

            await using var second = await DaemonProcess.StartAsync(dataDirectory);
            var env = EnvFileContents.Read(dataDirectory);
            Assert.Equal(second.BaseUrl, env.Host);
            Assert.Equal(accountId, env.AccountId);
            // The store has only the hash: the file says so instead of holding a token that would not work.
            Assert.False(env.Exports.ContainsKey("LAKEPLANE_TOKEN"));
            Assert.Contains(env.Lines, line => line.StartsWith("# LAKEPLANE_TOKEN", StringComparison.Ordinal));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDirectory, "env")));
            Assert.DoesNotContain("lpt_", second.Stdout, StringComparison.Ordinal);
            await second.StopAsync();
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
