using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>
/// How the <c>ec2</c> compute driver launches nodes, from the environment (LAKEPLANE_EC2_*) or the "Lakeplane" section
/// of appsettings.json. Read once at start, so a bad value stops lakeplaned (exit 2) instead of failing every launch.
/// </summary>
/// <param name="AmiId">The node image in every workspace region it is used in (see the AMI contract in the README):
/// one id, or region=id pairs separated by commas.</param>
/// <param name="Ec2ServiceUrl">Overrides the regional EC2 endpoint (VPC endpoints, tests); null for AWS's own.</param>
/// <param name="NodeDaemonUrl">The URL nodes reach this daemon at from the workspace's VPC; null to hand them the
/// address it listens on (only right when that address is reachable from the VPC).</param>
/// <param name="TerminateWait">How long a terminate waits for the instance to reach terminated before moving on.</param>
/// <param name="PollInterval">How often that wait asks EC2.</param>
public sealed record Ec2DriverSettings(
    IReadOnlyDictionary<string, string> AmiIdsByRegion,
    string? DefaultAmiId,
    Uri? Ec2ServiceUrl,
    string? NodeDaemonUrl,
    TimeSpan TerminateWait,
    TimeSpan PollInterval)
{
    public static Ec2DriverSettings Resolve(IConfiguration configuration)
    {
        var lookup = LakeplaneSetting.From(configuration);
        string? Pick(string variable, string key) => lookup(variable, key);

        var ami = Pick("LAKEPLANE_EC2_AMI_ID", "Ec2AmiId")
                  ?? throw new ArgumentException("LAKEPLANE_COMPUTE_DRIVER is ec2 but LAKEPLANE_EC2_AMI_ID is not set: give the id of the node image (ami-...), or region=ami-... pairs separated by commas.");
        string? defaultAmi = null;
        var byRegion = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ami.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var id = equals < 0 ? entry : entry[(equals + 1)..];
            if (!id.StartsWith("ami-", StringComparison.Ordinal) || id.Length < 8)
            {
                throw new ArgumentException($"LAKEPLANE_EC2_AMI_ID '{ami}': '{id}' is not an AMI id (ami- followed by hex digits).");
            }
            if (equals < 0)
            {
                defaultAmi = id;
            }
            else
            {
                byRegion[entry[..equals]] = id;
            }
        }
        return new Ec2DriverSettings(
            byRegion,
            defaultAmi,
            Url(Pick("LAKEPLANE_EC2_ENDPOINT", "Ec2Endpoint"), "LAKEPLANE_EC2_ENDPOINT"),
            Url(Pick("LAKEPLANE_EC2_NODE_DAEMON_URL", "Ec2NodeDaemonUrl"), "LAKEPLANE_EC2_NODE_DAEMON_URL")?.ToString().TrimEnd('/'),
            ClusterSettings.Milliseconds(Pick("LAKEPLANE_EC2_TERMINATE_WAIT_MS", "Ec2TerminateWaitMs"), "LAKEPLANE_EC2_TERMINATE_WAIT_MS", 120_000),
            ClusterSettings.Milliseconds(Pick("LAKEPLANE_EC2_POLL_MS", "Ec2PollMs"), "LAKEPLANE_EC2_POLL_MS", 2_000));
    }

    /// <summary>The AMI for a region, or a message naming the setting to fix.</summary>
    public string AmiFor(string region) =>
        AmiIdsByRegion.TryGetValue(region, out var id) ? id
        : DefaultAmiId ?? throw new ComputeDriverException(
            $"LAKEPLANE_EC2_AMI_ID has no node image for region {region}: add {region}=ami-... to it (ask the operator of lakeplaned).");

    private static Uri? Url(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{name} '{text}' is not an http(s) URL.");
    }
}
