using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// CheckConfig, DiffConfig and Configure: the provider's configuration (host, token, accountId,
/// each falling back to its LAKEPLANE_* variable) checked like any resource's inputs, diffed
/// without ever replacing the provider (that would replace every resource it manages), and
/// turned into the daemon connection later calls use.
/// </summary>
public sealed class ProviderConfiguration(PulumiCatalog catalog, ProviderSession session)
{
    /// <summary>Keys the engine adds to every provider's inputs; they are not configuration.</summary>
    private static readonly HashSet<string> EngineKeys = new(StringComparer.Ordinal) { "version", "pluginDownloadURL" };

    public CheckResponse CheckConfig(CheckRequest request)
    {
        var news = request.News ?? new Struct();
        var response = new CheckResponse { Inputs = session.AcceptSecrets ? SensitiveInputs.MarkSecret(news, catalog.ProviderSchema) : news };
        var diagnostics = new Diagnostics();
        var decoded = PropertyDecoder.Decode(request.News, catalog.ProviderSchema.ValueType());
        foreach (var key in decoded.UnknownKeys.Where(k => !EngineKeys.Contains(k)))
        {
            response.Failures.Add(new CheckFailure
            {
                Property = key,
                Reason = $"\"{key}\" is not a lakeplane configuration key. The keys are {KnownKeys()}: set them with `pulumi config set lakeplane:<key>`.",
            });
        }
        ConfigValidator.Validate(catalog.ProviderSchema, decoded.Value, diagnostics);
        response.Failures.AddRange(CheckFailures.From(diagnostics));
        CheckFailures.LogWarnings(diagnostics, session, request.Urn);
        return response;
    }

    public DiffResponse DiffConfig(DiffRequest request)
    {
        var type = catalog.ProviderSchema.ValueType();
        var olds = PropertyDecoder.Decode(request.OldInputs ?? request.Olds, type).Value;
        var news = PropertyDecoder.Decode(request.News, type).Value;
        var response = new DiffResponse { HasDetailedDiff = true };
        foreach (var attribute in catalog.ProviderSchema.Attributes)
        {
            var before = olds[attribute.Name];
            var after = news[attribute.Name];
            if (ValueEquality.Equal(before, after, attribute.Type))
            {
                continue;
            }
            var name = PulumiNames.ToCamel(attribute.Name);
            response.Diffs.Add(name);
            response.DetailedDiff[name] = new PropertyDiff
            {
                Kind = before.IsNull ? PropertyDiff.Types.Kind.Add : after.IsNull ? PropertyDiff.Types.Kind.Delete : PropertyDiff.Types.Kind.Update,
                InputDiff = true,
            };
        }
        response.Changes = response.Diffs.Count > 0 ? DiffResponse.Types.DiffChanges.DiffSome : DiffResponse.Types.DiffChanges.DiffNone;
        return response;
    }

    public ConfigureResponse Configure(ConfigureRequest request)
    {
        var config = Arguments(request);
        if (!config.IsWhollyKnown)
        {
            // A preview where the configuration depends on outputs not known yet: resources plan
            // without the daemon, and the next Configure (during the update) connects.
            session.Configure(null, AccountIdOf(config), request.AcceptSecrets);
            session.Log.Debug("lakeplane provider configuration is not known yet; planning without a daemon connection");
        }
        else
        {
            var diagnostics = new Diagnostics();
            var connection = catalog.Configure(config, diagnostics);
            CheckFailures.LogWarnings(diagnostics, session, request.HasUrn ? request.Urn : "");
            if (diagnostics.HasErrors || connection is null)
            {
                var reasons = diagnostics.Items.Where(d => d.Severity == Severity.Error).Select(RpcFailures.Describe);
                throw new ProviderFailure(new RpcException(new Status(StatusCode.InvalidArgument, "The lakeplane provider's configuration is invalid: " + string.Join("; ", reasons))));
            }
            session.Configure(new ResourceContext(connection, message => session.Log.Info(message)), connection.AccountId, request.AcceptSecrets);
        }
        return new ConfigureResponse
        {
            AcceptSecrets = true,
            SupportsPreview = true,
            AcceptResources = true,
            AcceptOutputs = true,
        };
    }

    /// <summary>args when the engine sends them; else the deprecated variables map ("lakeplane:config:host" → string).</summary>
    private ObjectValue Arguments(ConfigureRequest request)
    {
        var type = catalog.ProviderSchema.ValueType();
        if (request.Args is not null)
        {
            return PropertyDecoder.Decode(request.Args, type).Value;
        }
        var fields = new Struct();
        foreach (var (key, value) in request.Variables)
        {
            fields.Fields[key.Split(':')[^1]] = Google.Protobuf.WellKnownTypes.Value.ForString(value);
        }
        return PropertyDecoder.Decode(fields, type).Value;
    }

    private string KnownKeys() => string.Join(", ", catalog.ProviderSchema.Attributes.Select(a => PulumiNames.ToCamel(a.Name)));

    /// <summary>The account a configuration names (or LAKEPLANE_ACCOUNT_ID) even while other settings are unknown: components need it.</summary>
    private static string? AccountIdOf(ObjectValue config) =>
        config["account_id"] is StringValue s ? s.Value : Environment.GetEnvironmentVariable("LAKEPLANE_ACCOUNT_ID");
}
