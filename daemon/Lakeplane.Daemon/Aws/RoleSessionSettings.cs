using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Aws;

/// <summary>
/// Where lakeplaned calls sts:AssumeRole (LAKEPLANE_STS_ENDPOINT, or StsEndpoint in appsettings.json): AWS's regional
/// STS when unset. One setting for every area that acts in a customer's account (the ec2 compute driver, the s3
/// storage driver), read once at start so a bad value stops lakeplaned (exit 2).
/// </summary>
/// <param name="StsServiceUrl">Overrides the regional STS endpoint (VPC endpoints, tests); null for AWS's own.</param>
public sealed record RoleSessionSettings(Uri? StsServiceUrl)
{
    public static RoleSessionSettings AwsDefault { get; } = new((Uri?)null);

    public static RoleSessionSettings Resolve(IConfiguration configuration)
    {
        var text = LakeplaneSetting.From(configuration)("LAKEPLANE_STS_ENDPOINT", "StsEndpoint");
        if (text is null)
        {
            return AwsDefault;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new RoleSessionSettings(url)
            : throw new ArgumentException($"LAKEPLANE_STS_ENDPOINT '{text}' is not an http(s) URL.");
    }
}
