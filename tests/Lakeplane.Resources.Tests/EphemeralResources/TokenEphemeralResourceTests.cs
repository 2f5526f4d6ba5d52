using Lakeplane.Protos.Client;
using Lakeplane.Resources.EphemeralResources;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;

namespace Lakeplane.Resources.Tests.EphemeralResources;

/// <summary>
/// ephemeral "lakeplane_token" in the model: what it accepts, what it computes, and the note it
/// keeps for close — ids only, never the secret.
/// </summary>
public sealed class TokenEphemeralResourceTests
{
    private static readonly TokenEphemeralResource Token = new();

    private static ObjectValue Config(Value lifetime) => new(new Dictionary<string, Value>
    {
        ["workspace_id"] = Value.Of(42),
        ["comment"] = Value.Of("ci"),
        ["lifetime_seconds"] = lifetime,
        ["token_id"] = Value.Null,
        ["expiry_time"] = Value.Null,
        ["token_value"] = Value.Null,
    });

    private static Diagnostics Validate(ObjectValue config)
    {
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(Token.Schema, config, diagnostics);
        Token.ValidateConfig(config, diagnostics);
        return diagnostics;
    }

    [Fact]
    public void The_provider_offers_it_as_lakeplane_token()
    {
        Assert.Contains(new LakeplaneProvider(_ => null).EphemeralResources, e => e is TokenEphemeralResource && e.Name == "token");
    }

    [Fact]
    public void Only_the_secret_is_sensitive_and_everything_the_daemon_decides_is_computed()
    {
        var attributes = Token.Schema.Attributes.ToDictionary(a => a.Name);

        Assert.Equal(["token_value"], attributes.Values.Where(a => a.Sensitive).Select(a => a.Name));
        Assert.True(attributes["workspace_id"].Required);
        Assert.True(attributes["comment"].Optional && !attributes["comment"].Computed);
        Assert.All(new[] { "token_id", "expiry_time", "token_value" }, name => Assert.True(attributes[name].Computed && !attributes[name].Optional));
        Assert.Equal(TokenEphemeralResource.DefaultLifetimeSeconds, Assert.IsType<NumberValue>(attributes["lifetime_seconds"].Default).Value);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(900)]
    [InlineData(86400)]
    public void A_lifetime_from_a_minute_to_a_day_is_accepted(long seconds) =>
        Assert.Empty(Validate(Config(Value.Of(seconds))).Items);

    [Theory]
    [InlineData("59")]
    [InlineData("86401")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("90.5")]
    public void A_lifetime_outside_a_minute_to_a_day_or_not_whole_is_refused_on_that_attribute(string seconds)
    {
        var finding = Assert.Single(Validate(Config(Value.Of(decimal.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)))).Items);

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(AttributePath.Of("lifetime_seconds"), finding.Path);
        Assert.Contains("60 to 86400", finding.Detail);
    }

    [Fact]
    public void Unset_and_unknown_lifetimes_are_not_findings()
    {
        Assert.Empty(Validate(Config(Value.Null)).Items);
        Assert.Empty(Validate(Config(Value.Unknown)).Items);
    }

    [Fact]
    public void The_note_for_close_holds_the_workspace_and_token_ids_and_reads_back()
    {
        var note = TokenEphemeralResource.TokenReference.Encode(1234567890123456, "4f0a2c6e9b1d3f57");

        Assert.Equal("1234567890123456/4f0a2c6e9b1d3f57", System.Text.Encoding.UTF8.GetString(note));
        Assert.Equal((1234567890123456L, "4f0a2c6e9b1d3f57"), TokenEphemeralResource.TokenReference.Decode(note));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4f0a2c6e9b1d3f57")]
    [InlineData("abc/4f0a")]
    [InlineData("42/")]
    [InlineData("42/a/b")]
    public void A_missing_or_malformed_note_cannot_be_closed_and_says_when_the_token_expires(string? note)
    {
        var error = Assert.Throws<ResourceException>(() =>
            TokenEphemeralResource.TokenReference.Decode(note is null ? null : System.Text.Encoding.UTF8.GetBytes(note)));

        Assert.Equal("Cannot revoke token", error.Diagnostic.Summary);
        Assert.Contains("lifetime_seconds", error.Diagnostic.Detail);
    }

    [Fact]
    public async Task An_unreachable_daemon_at_open_is_a_diagnostic_naming_the_action()
    {
        using var connection = new LakeplaneConnection("http://127.0.0.1:9", "token", "account");
        var context = new ResourceContext(connection, _ => { });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ResourceException>(() => Token.OpenAsync(context, Config(Value.Null), timeout.Token));

        Assert.Contains("issue token", error.Diagnostic.Summary);
        Assert.Contains("LAKEPLANE_HOST", error.Diagnostic.Detail);
    }
}
