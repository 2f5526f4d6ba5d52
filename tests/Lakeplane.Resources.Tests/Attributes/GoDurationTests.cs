using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Attributes;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("20m", 20 * 60)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("1h0m30s", 3630)]
    [InlineData("500ms", 0.5)]
    public void Parses_go_durations(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("20 m")]
    [InlineData("-5m")]
    [InlineData("1d")]
    [InlineData("m")]
    public void Rejects_what_go_would_reject(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void Validator_rejects_zero_and_malformed_with_examples()
    {
        var diagnostics = new Diagnostics();
        Validators.Duration.Validate(Value.Of("0s"), AttributePath.Of("timeouts").Attribute("create"), diagnostics);
        Validators.Duration.Validate(Value.Of("twenty minutes"), AttributePath.Of("timeouts").Attribute("create"), diagnostics);
        Validators.Duration.Validate(Value.Of("20m"), AttributePath.Of("timeouts").Attribute("create"), diagnostics);

        Assert.Equal(2, diagnostics.Items.Count);
        Assert.All(diagnostics.Items, d =>
        {
            Assert.Equal("Invalid create", d.Summary);
            Assert.Contains("\"timeouts.create\" must be a duration such as \"20m\", \"1h30m\"", d.Detail);
        });
    }
}
