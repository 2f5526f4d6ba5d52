using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.EphemeralResources;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Tests.Support;
using Lakeplane.Terraform.Values;
using static Lakeplane.Terraform.Tests.Support.V;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>
/// The ephemeral RPCs as terraform calls them, on a provider that has no daemon connection:
/// what can be answered without one (schema, validation, unknown configuration) is answered,
/// and what needs one says so as a diagnostic.
/// </summary>
public sealed class EphemeralResourceProtocolTests(SharedProviderProcess shared) : IClassFixture<SharedProviderProcess>
{
    private const string TypeName = "lakeplane_token";

    private static readonly ObjectType TokenType = new TokenEphemeralResource().Schema.ValueType();

    private Provider.ProviderClient Provider => shared.Process.Provider;

    internal static DynamicValue Config(Value workspaceId, Value? lifetime = null, string? comment = "ci") =>
        DynamicValueCodec.Encode(Obj(
            ("workspace_id", workspaceId),
            ("comment", comment is null ? Value.Null : S(comment)),
            ("lifetime_seconds", lifetime ?? Value.Null),
            ("token_id", Value.Null),
            ("expiry_time", Value.Null),
            ("token_value", Value.Null)), TokenType);

    internal static ObjectValue Result(DynamicValue result) => DynamicValueCodec.DecodeObject(result, TokenType)!;

    [Fact]
    public async Task Metadata_and_schema_offer_the_token_with_a_sensitive_computed_value()
    {
        var metadata = await Provider.GetMetadataAsync(new GetMetadata.Types.Request());
        var schema = await Provider.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());

        Assert.Contains(metadata.EphemeralResources, e => e.TypeName == TypeName);
        Assert.Equal(metadata.EphemeralResources.Select(e => e.TypeName).Order(), schema.EphemeralResourceSchemas.Keys.Order());
        var attributes = schema.EphemeralResourceSchemas[TypeName].Block.Attributes.ToDictionary(a => a.Name);
        Assert.True(attributes["token_value"].Sensitive && attributes["token_value"].Computed && !attributes["token_value"].Optional);
        Assert.True(attributes["workspace_id"].Required);
        Assert.True(attributes["lifetime_seconds"].Optional && attributes["lifetime_seconds"].Computed);
    }

    [Fact]
    public async Task A_lifetime_outside_one_minute_to_one_day_is_an_error_on_that_attribute()
    {
        var tooShort = await Provider.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request
        {
            TypeName = TypeName, Config = Config(N(42), N(30)),
        });
        var valid = await Provider.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request
        {
            TypeName = TypeName, Config = Config(Value.Unknown, N(900)),
        });

        var diagnostic = Assert.Single(tooShort.Diagnostics);
        Assert.Equal(Protos.Tfplugin6.Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Equal("lifetime_seconds", Assert.Single(diagnostic.Attribute.Steps).AttributeName);
        Assert.Empty(valid.Diagnostics);
    }

    [Fact]
    public async Task Unknown_configuration_opens_nothing_and_returns_the_computed_values_unknown()
    {
        var response = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = TypeName, Config = Config(Value.Unknown, N(900)),
        });

        Assert.Empty(response.Diagnostics);
        Assert.False(response.HasPrivate);
        var result = Result(response.Result);
        Assert.True(result["workspace_id"].IsUnknown);
        Assert.True(result["token_id"].IsUnknown);
        Assert.True(result["token_value"].IsUnknown);
        Assert.Equal("ci", Assert.IsType<StringValue>(result["comment"]).Value);
        Assert.Equal(900m, Assert.IsType<NumberValue>(result["lifetime_seconds"]).Value);
    }

    [Fact]
    public async Task Unknown_configuration_is_deferred_when_terraform_allows_deferral()
    {
        var response = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = TypeName, Config = Config(Value.Unknown), ClientCapabilities = new ClientCapabilities { DeferralAllowed = true },
        });

        Assert.Empty(response.Diagnostics);
        Assert.Equal(Deferred.Types.Reason.ResourceConfigUnknown, response.Deferred.Reason);
        Assert.Null(response.Result);
    }

    [Fact]
    public async Task Opening_or_closing_without_a_daemon_connection_is_a_diagnostic_not_a_failed_rpc()
    {
        var open = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request { TypeName = TypeName, Config = Config(N(42)) });
        var close = await Provider.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request
        {
            TypeName = TypeName, Private = Google.Protobuf.ByteString.CopyFromUtf8("42/abc"),
        });

        Assert.Contains("not configured", Assert.Single(open.Diagnostics).Summary);
        Assert.Null(open.Result);
        Assert.Contains("not configured", Assert.Single(close.Diagnostics).Summary);
    }

    [Fact]
    public async Task An_unknown_ephemeral_resource_type_is_named_in_a_diagnostic()
    {
        var response = await Provider.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request { TypeName = "lakeplane_nothing" });

        Assert.Contains("lakeplane_nothing", Assert.Single(response.Diagnostics).Detail);
    }
}
