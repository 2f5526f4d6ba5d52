using System.Diagnostics;
using System.Text;
using Lakeplane.Daemon.Compute;
using Lakeplane.Daemon.Compute.Ec2;

namespace Lakeplane.Clusters.Tests.Unit;

/// <summary>The ec2 boot script, run by the real bash with a stand-in agent that writes down what it was started with:
/// every value reaches the agent exactly, however it is quoted, and the secret only through the environment.</summary>
public sealed class Ec2UserDataTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("lakeplane-userdata-").FullName;

    [Fact]
    public async Task BootScript_StartsTheAgentWithItsIdsOnTheCommandLine_AndValuesExactlyAsGiven()
    {
        var tricky = "it's \"quoted\" $HOME `id` \\ end";
        var spec = new NodeLaunchSpec("acct-1", 42, "0123-456789-abcdef", "f00dfeed", NodeRole.Worker,
            new NodeTypeSpec("m5.large", 2, 8192, "m5.large", "m5.large", "General Purpose"), "15.4.x-scala2.12", "s3cr3t'; rm -rf /; echo '",
            new Dictionary<string, string>(), new Dictionary<string, string> { ["MY_SETTING"] = tricky },
            new ComputeTarget(42, "acct-1", "us-east-1", "arn:aws:iam::123456789012:role/x", "acct-1", ["subnet-1"], ["sg-1"]));
        var script = Ec2UserData.Script(spec, "http://daemon.example:7070", TimeSpan.FromMilliseconds(750));

        var agent = Path.Combine(_home, "fake-agent");
        await File.WriteAllTextAsync(agent, "#!/bin/bash\n{ printf '%s\\n' \"$@\"; env; } > \"$LAKEPLANE_HOME/started\"\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The boot script is bash.");
        }
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["LAKEPLANE_HOME"] = _home;
        start.Environment["LAKEPLANE_NODE_AGENT"] = agent;
        using (var bash = Process.Start(start)!)
        {
            var errors = await bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, errors);
        }
        var started = Path.Combine(_home, "started");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.Exists(started) || (await File.ReadAllTextAsync(started)).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The boot script never started the agent.");
            await Task.Delay(50);
        }
        var lines = (await File.ReadAllTextAsync(started)).Split('\n');

        Assert.Equal(["--cluster-id", "0123-456789-abcdef", "--node-id", "f00dfeed", "--role", "worker", "--node-dir", Path.Combine(_home, "node")], lines[..8]);
        Assert.Contains("MY_SETTING=" + tricky, lines);
        Assert.Contains("LAKEPLANE_NODE_SECRET=s3cr3t'; rm -rf /; echo '", lines);
        Assert.Contains("LAKEPLANE_NODE_HEARTBEAT_MS=750", lines);
        Assert.Contains("LAKEPLANE_NODE_CORES=2", lines);
        Assert.Contains("LAKEPLANE_NODE_ENDPOINT_FILE=" + Path.Combine(_home, "endpoint"), lines);
        Assert.Equal("http://daemon.example:7070\n", await File.ReadAllTextAsync(Path.Combine(_home, "endpoint")));
        Assert.True(Directory.Exists(Path.Combine(_home, "node", "queue")));
        // Not on the command line, where every user of the instance could read it.
        Assert.DoesNotContain(lines[..8], line => line.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void AmiSetting_TakesOneIdOrOnePerRegion_AndNamesTheMissingRegion()
    {
        var settings = new Ec2DriverSettings(new Dictionary<string, string> { ["eu-west-1"] = "ami-0eu" }, null, null, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal("ami-0eu", settings.AmiFor("eu-west-1"));
        var missing = Assert.Throws<ComputeDriverException>(() => settings.AmiFor("us-east-1"));
        Assert.Contains("us-east-1=ami-", missing.Message, StringComparison.Ordinal);
        Assert.Equal("ami-0any", (settings with { DefaultAmiId = "ami-0any" }).AmiFor("us-east-1"));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
