using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>CheckConfig, DiffConfig and Configure as the engine calls them for the provider resource.</summary>
public sealed class ProviderConfigTests(HarnessFixture fixture) : IClassFixture<HarnessFixture>
{
    private const string ProviderUrn = "urn:pulumi:dev::lakeplane-tests::pulumi:providers:lakeplane::default";

    private ResourceProvider.ResourceProviderClient Provider => fixture.Harness.Provider;

    [Fact]
    public void CheckConfig_keeps_the_token_secret_and_ignores_the_engines_version_key()
    {
        var news = Props.Of(("host", "http://127.0.0.1:7070"), ("token", Props.Secret("dapi-secret")), ("accountId", "acc-1"), ("version", "0.1.0"));

        var response = Provider.CheckConfig(new CheckRequest { Urn = ProviderUrn, News = news });

        Assert.Empty(response.Failures);
        Assert.True(Props.IsSecret(response.Inputs.Fields["token"]));
        Assert.Equal("dapi-secret", Props.Unsecret(response.Inputs.Fields["token"]).StringValue);
    }

    [Fact]
    public void CheckConfig_makes_a_token_given_in_plain_text_a_secret_so_state_keeps_it_encrypted()
    {
        var response = Provider.CheckConfig(new CheckRequest { Urn = ProviderUrn, News = Props.Of(("host", "http://h:1"), ("token", "plain-token")) });

        Assert.True(Props.IsSecret(response.Inputs.Fields["token"]));
        Assert.Equal("plain-token", Props.Unsecret(response.Inputs.Fields["token"]).StringValue);
        Assert.False(Props.IsSecret(response.Inputs.Fields["host"]));
    }

    [Fact]
    public void CheckConfig_names_a_mistyped_key_and_the_keys_there_are()
    {
        var response = Provider.CheckConfig(new CheckRequest { Urn = ProviderUrn, News = Props.Of(("acountId", "acc-1")) });

        var failure = Assert.Single(response.Failures);
        Assert.Equal("acountId", failure.Property);
        Assert.Contains("host, token, accountId", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffConfig_reports_a_changed_host_as_an_update_never_a_replacement()
    {
        var olds = Props.Of(("host", "http://a:1"), ("token", Props.Secret("t")), ("accountId", "acc"));
        var news = Props.Of(("host", "http://b:1"), ("token", Props.Secret("t")), ("accountId", "acc"));

        var diff = Provider.DiffConfig(new DiffRequest { Urn = ProviderUrn, Olds = olds, OldInputs = olds, News = news });

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Equal(PropertyDiff.Types.Kind.Update, diff.DetailedDiff["host"].Kind);
        Assert.Empty(diff.Replaces);
        Assert.DoesNotContain("token", diff.DetailedDiff.Keys);
    }

    [Fact]
    public async Task Configure_without_host_names_the_setting_and_its_variable()
    {
        // A fresh process: a successful Configure elsewhere must not make this one pass.
        await using var harness = await EngineHarness.StartAsync();

        var error = Assert.Throws<RpcException>(() => harness.Configure(Props.Of(("token", Props.Secret("t")), ("accountId", "acc"))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("LAKEPLANE_HOST", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("\"t\"", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_takes_missing_settings_from_the_environment_and_declares_its_capabilities()
    {
        await using var harness = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["LAKEPLANE_HOST"] = "http://127.0.0.1:1",
            ["LAKEPLANE_TOKEN"] = "from-env",
            ["LAKEPLANE_ACCOUNT_ID"] = "acc-env",
        });

        var response = harness.Configure(Props.Of());

        Assert.True(response.AcceptSecrets);
        Assert.True(response.SupportsPreview);
        Assert.True(response.AcceptResources);
        Assert.True(response.AcceptOutputs);
    }

    [Fact]
    public async Task Configure_reads_the_deprecated_variables_map_when_no_args_come()
    {
        await using var harness = await EngineHarness.StartAsync();
        var request = new ConfigureRequest { AcceptSecrets = true };
        request.Variables.Add("lakeplane:config:host", "http://127.0.0.1:1");
        request.Variables.Add("lakeplane:config:token", "t");
        request.Variables.Add("lakeplane:config:accountId", "acc-vars");

        // Without the variables there is no host and Configure fails (see the test above).
        var response = await harness.Provider.ConfigureAsync(request);

        Assert.True(response.SupportsPreview);
    }
}
