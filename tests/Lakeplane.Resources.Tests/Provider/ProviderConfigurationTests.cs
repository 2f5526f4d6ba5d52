using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Provider;

public sealed class ProviderConfigurationTests
{
    private const string Secret = "lp-secret-token-0123456789";

    private static ObjectValue Config(Value? host = null, Value? token = null, Value? accountId = null) => new(new Dictionary<string, Value>
    {
        ["host"] = host ?? Value.Null,
        ["token"] = token ?? Value.Null,
        ["account_id"] = accountId ?? Value.Null,
    });

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Schema_has_three_optional_settings_token_sensitive()
    {
        var schema = new LakeplaneProvider(Environment()).ConfigSchema;

        Assert.Equal(["account_id", "host", "token"], schema.Attributes.Select(a => a.Name).Order());
        Assert.All(schema.Attributes, a => Assert.True(a.Optional && !a.Required && !a.Computed));
        Assert.True(schema.FindAttribute("token")!.Sensitive);
        Assert.False(schema.FindAttribute("host")!.Sensitive);
        Assert.Contains("LAKEPLANE_TOKEN", schema.FindAttribute("token")!.Description);
    }

    [Fact]
    public void Everything_from_the_environment()
    {
        var provider = new LakeplaneProvider(Environment(("LAKEPLANE_HOST", "127.0.0.1:7070"), ("LAKEPLANE_TOKEN", Secret), ("LAKEPLANE_ACCOUNT_ID", "acc-env")));
        var diagnostics = new Diagnostics();

        using var connection = provider.Configure(Config(), diagnostics);

        Assert.Empty(diagnostics.Items);
        Assert.NotNull(connection);
        Assert.Equal("http://127.0.0.1:7070", connection.Host);
        Assert.Equal("acc-env", connection.AccountId);
    }

    [Fact]
    public void Configuration_wins_over_the_environment_and_empty_counts_as_unset()
    {
        var provider = new LakeplaneProvider(Environment(("LAKEPLANE_HOST", "http://env:1"), ("LAKEPLANE_TOKEN", Secret), ("LAKEPLANE_ACCOUNT_ID", "acc-env")));
        var diagnostics = new Diagnostics();

        using var connection = provider.Configure(Config(Value.Of("https://lakeplane.example.com"), Value.Of(Secret), Value.Of("")), diagnostics);

        Assert.Empty(diagnostics.Items);
        Assert.Equal("https://lakeplane.example.com", connection!.Host);
        Assert.Equal("acc-env", connection.AccountId);
    }

    [Fact]
    public void Each_missing_setting_is_an_error_naming_attribute_and_variable()
    {
        var provider = new LakeplaneProvider(Environment());
        var diagnostics = new Diagnostics();

        var connection = provider.Configure(Config(), diagnostics);

        Assert.Null(connection);
        Assert.Equal(3, diagnostics.Items.Count);
        foreach (var (attribute, variable) in new[] { ("host", "LAKEPLANE_HOST"), ("token", "LAKEPLANE_TOKEN"), ("account_id", "LAKEPLANE_ACCOUNT_ID") })
        {
            var diagnostic = Assert.Single(diagnostics.Items, d => Equals(d.Path, AttributePath.Of(attribute)));
            Assert.Equal(Severity.Error, diagnostic.Severity);
            Assert.Contains($"\"{attribute}\"", diagnostic.Detail);
            Assert.Contains(variable, diagnostic.Detail);
        }
    }

    [Fact]
    public void Unknown_configuration_waits_without_errors()
    {
        var provider = new LakeplaneProvider(Environment());
        var diagnostics = new Diagnostics();

        Assert.Null(provider.Configure(Config(host: Value.Unknown), diagnostics));
        Assert.Empty(diagnostics.Items);
    }

    [Theory]
    [InlineData("ftp://host:21")]
    [InlineData("http://bad host:70")]
    public void Malformed_host_is_an_error_without_the_token(string host)
    {
        var provider = new LakeplaneProvider(Environment(("LAKEPLANE_TOKEN", Secret), ("LAKEPLANE_ACCOUNT_ID", "acc")));
        var diagnostics = new Diagnostics();

        Assert.Null(provider.Configure(Config(host: Value.Of(host)), diagnostics));
        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal(AttributePath.Of("host"), diagnostic.Path);
        Assert.DoesNotContain(Secret, diagnostic.Summary + diagnostic.Detail);
    }

    [Fact]
    public void The_token_never_appears_in_any_diagnostic()
    {
        var provider = new LakeplaneProvider(Environment(("LAKEPLANE_TOKEN", Secret)));
        var diagnostics = new Diagnostics();

        provider.Configure(Config(host: Value.Of("::bad::"), token: Value.Of(Secret)), diagnostics);

        Assert.NotEmpty(diagnostics.Items);
        Assert.All(diagnostics.Items, d => Assert.DoesNotContain(Secret, d.Summary + d.Detail));
    }
}
