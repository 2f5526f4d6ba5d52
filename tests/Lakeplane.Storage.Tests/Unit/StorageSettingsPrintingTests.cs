using Lakeplane.Daemon.Storage;

namespace Lakeplane.Storage.Tests.Unit;

/// <summary>Settings records end up in log lines and exception messages: the S3 secret must never be printed with them.</summary>
public sealed class StorageSettingsPrintingTests
{
    [Fact]
    public void Printing_the_settings_shows_that_a_secret_is_set_but_never_the_secret()
    {
        var settings = new StorageSettings("s3", false, new Uri("http://127.0.0.1:9000"), "us-east-1", true, "AKIDEXAMPLE", false)
        {
            S3SecretAccessKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY",
        };

        var printed = settings.ToString();

        Assert.DoesNotContain("wJalrXUtnFEMI", printed, StringComparison.Ordinal);
        Assert.Contains("S3SecretAccessKey = (set, not shown)", printed, StringComparison.Ordinal);
        Assert.Contains("S3AccessKeyId = AKIDEXAMPLE", printed, StringComparison.Ordinal);
    }
}
