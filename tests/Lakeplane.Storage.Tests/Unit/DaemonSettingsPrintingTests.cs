using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Storage.Tests.Unit;

/// <summary>Settings end up in log lines and exception messages: a PostgreSQL password must never be printed with them.</summary>
public sealed class DaemonSettingsPrintingTests
{
    [Fact]
    public void Printing_the_settings_shows_the_database_but_never_its_password()
    {
        var settings = new DaemonSettings("127.0.0.1:0", "/var/lib/lakeplane", "postgres",
            "Host=db.internal;Port=5432;Database=lakeplane;Username=lakeplane;Password=s3cr3t-Pa55word", TimeSpan.Zero);

        var printed = settings.ToString();

        Assert.DoesNotContain("s3cr3t-Pa55word", printed, StringComparison.Ordinal);
        Assert.Contains("Host=db.internal", printed, StringComparison.Ordinal);
        Assert.Contains("(password set, not shown)", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_that_does_not_parse_is_not_printed_at_all()
    {
        var settings = new DaemonSettings("127.0.0.1:0", "/d", "postgres", "Password=s3cr3t;NotAKeyword=1", TimeSpan.Zero);

        var printed = settings.ToString();

        Assert.DoesNotContain("s3cr3t", printed, StringComparison.Ordinal);
    }
}
