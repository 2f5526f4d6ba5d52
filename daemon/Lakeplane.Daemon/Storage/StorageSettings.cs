using System.Globalization;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Which storage driver the daemon uses and how it reaches S3. Resolved with the other settings (flag, then
/// LAKEPLANE_* environment variable, then appsettings.json, then default); a bad combination is an
/// <see cref="ArgumentException"/>, which makes <c>lakeplaned serve</c> exit 2 naming the setting.
/// </summary>
/// <param name="Driver">local (directories under &lt;data-dir&gt;/storage) or s3.</param>
/// <param name="LocalStrictBuckets">local only: a bucket exists only when its directory does (by default buckets are
/// created on first use, so the embedded daemon works with any bucket name).</param>
/// <param name="S3Endpoint">The service URL of an S3-compatible server; null for AWS itself.</param>
/// <param name="S3Region">The region requests are signed for (and, on AWS, sent to).</param>
/// <param name="S3ForcePathStyle">http://endpoint/bucket/key instead of http://bucket.endpoint/key; the default with an endpoint.</param>
/// <param name="S3AccessKeyId">Static keys of the daemon; null to use the default AWS credential chain.</param>
/// <param name="S3AssumeRole">Assume the workspace's (or storage credential's) role through STS with its external id for
/// each call; the default on AWS (no endpoint). With an S3-compatible server every call uses the daemon's own keys. The
/// role is assumed by lakeplaned's AWS identity (the default credential chain) at LAKEPLANE_STS_ENDPOINT or AWS's STS,
/// as the ec2 compute driver assumes it; the static keys above sign only the calls made without a role.</param>
public sealed record StorageSettings(
    string Driver,
    bool LocalStrictBuckets,
    Uri? S3Endpoint,
    string S3Region,
    bool S3ForcePathStyle,
    string? S3AccessKeyId,
    bool S3AssumeRole)
{
    public static StorageSettings LocalDefault { get; } = new("local", false, null, "us-east-1", false, null, false);

    /// <summary>The daemon's static secret key. <see cref="PrintMembers"/> leaves it out, so printing the settings (a log line,
    /// an exception, the DaemonSettings record around them) never shows it.</summary>
    public string? S3SecretAccessKey { get; init; }

    // A record's generated ToString prints every public property, init-only ones included: this one replaces it so
    // that the secret is reported only as set or not.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Driver = {Driver}, LocalStrictBuckets = {LocalStrictBuckets}, S3Endpoint = {S3Endpoint}, S3Region = {S3Region}, ");
        builder.Append(CultureInfo.InvariantCulture,
            $"S3ForcePathStyle = {S3ForcePathStyle}, S3AccessKeyId = {S3AccessKeyId}, S3AssumeRole = {S3AssumeRole}, ");
        builder.Append("S3SecretAccessKey = ").Append(S3SecretAccessKey is null ? "(not set)" : "(set, not shown)");
        return true;
    }

    /// <param name="pick">The value of a setting by (flag name or null, environment variable, appsettings key).</param>
    public static StorageSettings Resolve(Func<string?, string, string, string?> pick)
    {
        var driver = pick("--storage-driver", "LAKEPLANE_STORAGE_DRIVER", "StorageDriver") ?? "local";
        if (driver is not ("local" or "s3"))
        {
            throw new ArgumentException($"LAKEPLANE_STORAGE_DRIVER '{driver}' is not a storage driver: use local or s3.");
        }
        var endpointText = pick("--s3-endpoint", "LAKEPLANE_S3_ENDPOINT", "S3Endpoint");
        Uri? endpoint = null;
        if (endpointText is not null && (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"LAKEPLANE_S3_ENDPOINT '{endpointText}' is not an http:// or https:// URL of an S3-compatible server.");
        }
        var region = pick("--s3-region", "LAKEPLANE_S3_REGION", "S3Region") ?? "us-east-1";
        if (!region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"LAKEPLANE_S3_REGION '{region}' is not a region name such as us-east-1.");
        }
        var accessKey = pick("--s3-access-key-id", "LAKEPLANE_S3_ACCESS_KEY_ID", "S3AccessKeyId");
        // No flag for the secret: command lines are visible to every user of the machine.
        var secret = pick(null, "LAKEPLANE_S3_SECRET_ACCESS_KEY", "S3SecretAccessKey");
        if ((accessKey is null) != (secret is null))
        {
            throw new ArgumentException(accessKey is null
                ? "LAKEPLANE_S3_SECRET_ACCESS_KEY is set without LAKEPLANE_S3_ACCESS_KEY_ID: set both, or neither to use the default AWS credential chain."
                : "LAKEPLANE_S3_ACCESS_KEY_ID is set without LAKEPLANE_S3_SECRET_ACCESS_KEY: set both, or neither to use the default AWS credential chain.");
        }
        return new StorageSettings(
            driver,
            Flag(pick(null, "LAKEPLANE_STORAGE_LOCAL_STRICT_BUCKETS", "StorageLocalStrictBuckets"), "LAKEPLANE_STORAGE_LOCAL_STRICT_BUCKETS", false),
            endpoint,
            region,
            Flag(pick(null, "LAKEPLANE_S3_FORCE_PATH_STYLE", "S3ForcePathStyle"), "LAKEPLANE_S3_FORCE_PATH_STYLE", endpoint is not null),
            accessKey,
            Flag(pick(null, "LAKEPLANE_S3_ASSUME_ROLE", "S3AssumeRole"), "LAKEPLANE_S3_ASSUME_ROLE", endpoint is null))
        {
            S3SecretAccessKey = secret,
        };
    }

    private static bool Flag(string? text, string name, bool fallback) => text?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not true or false.")),
    };
}
