using Lakeplane.Protos.Client;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Tests.EndToEnd.Support;
using Lakeplane.Terraform.Tests.Support;
using Lakeplane.Terraform.Values;
using static Lakeplane.Terraform.Tests.Support.V;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>
/// Open and close of ephemeral "lakeplane_token" through the provider process against a real
/// lakeplaned, as terraform drives them: the opened token works in its workspace, close
/// revokes it, a second close is harmless, and a daemon refusal is a diagnostic on the attribute.
/// </summary>
public sealed class EphemeralTokenDaemonTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private const string TypeName = "lakeplane_token";

    private ProviderProcess? _provider;

    private Provider.ProviderClient Provider => _provider!.Provider;

    public async Task InitializeAsync()
    {
        _provider = await ProviderProcess.StartAsync();
        var providerType = new Lakeplane.Resources.LakeplaneProvider().ConfigSchema.ValueType();
        var environment = fixture.Daemon.Environment;
        var configured = await Provider.ConfigureProviderAsync(new ConfigureProvider.Types.Request
        {
            Config = DynamicValueCodec.Encode(Obj(
                ("host", S(environment["LAKEPLANE_HOST"])),
                ("token", S(environment["LAKEPLANE_TOKEN"])),
                ("account_id", S(environment["LAKEPLANE_ACCOUNT_ID"]))), providerType),
        });
        Assert.Empty(configured.Diagnostics);
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_opened_token_acts_in_its_workspace_until_close_revokes_it()
    {
        var outOfBand = new OutOfBand(fixture.Daemon.Client);
        var prefix = OutOfBand.UniquePrefix("ephemeral-rpc");
        var credentials = await outOfBand.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await outOfBand.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var workspace = await outOfBand.CreateRunningWorkspaceAsync($"{prefix}-workspace", credentials.CredentialsId,
            storage.StorageConfigurationId, "", new Dictionary<string, string>());

        var open = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = TypeName, Config = EphemeralResourceProtocolTests.Config(N(workspace.WorkspaceId), comment: $"{prefix} run"),
        });
        Assert.Empty(open.Diagnostics);
        Assert.False(open.RenewAt is not null, "a token with a fixed lifetime asks for no renewal");
        var result = EphemeralResourceProtocolTests.Result(open.Result);
        var tokenValue = Assert.IsType<StringValue>(result["token_value"]).Value;
        Assert.Equal(3600m, Assert.IsType<NumberValue>(result["lifetime_seconds"]).Value);
        Assert.DoesNotContain(tokenValue, open.Private.ToStringUtf8());

        using (var asToken = new LakeplaneConnection(fixture.Daemon.Environment["LAKEPLANE_HOST"], tokenValue, fixture.Daemon.Client.AccountId))
        {
            var principal = await asToken.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest());
            Assert.Equal(workspace.WorkspaceId, principal.WorkspaceId);
        }

        var close = await Provider.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request { TypeName = TypeName, Private = open.Private });
        Assert.Empty(close.Diagnostics);
        var tokens = await fixture.Daemon.Client.Identity.ListTokensAsync(new ListTokensRequest { AccountId = fixture.Daemon.Client.AccountId, WorkspaceId = workspace.WorkspaceId });
        Assert.DoesNotContain(tokens.TokenInfos, t => t.TokenId == Assert.IsType<StringValue>(result["token_id"]).Value);

        var closedAgain = await Provider.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request { TypeName = TypeName, Private = open.Private });
        Assert.Empty(closedAgain.Diagnostics);
    }

    [Fact]
    public async Task A_workspace_that_does_not_exist_is_a_diagnostic_and_no_result()
    {
        var open = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = TypeName, Config = EphemeralResourceProtocolTests.Config(N(999999999)),
        });

        var diagnostic = Assert.Single(open.Diagnostics);
        Assert.Equal(Protos.Tfplugin6.Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Contains("issue token", diagnostic.Summary);
        Assert.Null(open.Result);
        Assert.False(open.HasPrivate);
    }
}
