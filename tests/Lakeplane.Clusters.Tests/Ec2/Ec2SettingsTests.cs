using System.Diagnostics;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>A compute driver setting lakeplaned cannot use stops it at start (exit code 2), naming the setting and the fix.</summary>
public sealed class Ec2SettingsTests
{
    [Theory]
    [InlineData("ec2", "", "LAKEPLANE_COMPUTE_DRIVER is ec2 but LAKEPLANE_EC2_AMI_ID is not set")]
    [InlineData("ec2", "bogus", "LAKEPLANE_EC2_AMI_ID 'bogus': 'bogus' is not an AMI id")]
    [InlineData("gce", "", "LAKEPLANE_COMPUTE_DRIVER 'gce' is not a compute driver of this lakeplaned: use local or ec2")]
    public async Task BadComputeDriverSetting_StopsLakeplanedWithExitCode2_NamingTheSetting(string driver, string ami, string message)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-test-").FullName;
        try
        {
            var (fileName, prefix) = DaemonBinary.Locate();
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in prefix.Concat(["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory]))
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("LAKEPLANE_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }
            start.Environment["LAKEPLANE_COMPUTE_DRIVER"] = driver;
            start.Environment["LAKEPLANE_EC2_AMI_ID"] = ami;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains("lakeplaned: " + message, await stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("listening on", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
