using Google.Protobuf;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Terraform.Values;
using Microsoft.Extensions.Logging;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ValidateEphemeralResourceConfig, OpenEphemeralResource, RenewEphemeralResource and
/// CloseEphemeralResource: an ephemeral value's life within one terraform run. terraform keeps
/// the result in memory only and hands the private bytes back at renew and close. Every failure
/// is a diagnostic; a failed open returns no result, so nothing half-made reaches the run.
/// </summary>
public sealed class EphemeralResourceLifecycle(ProviderCatalog catalog, ProviderSession session, ILogger<EphemeralResourceLifecycle> logger)
{
    public ValidateEphemeralResourceConfig.Types.Response Validate(ValidateEphemeralResourceConfig.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        ObjectSchema? schema = null;
        try
        {
            var ephemeral = catalog.RequireEphemeralResource(request.TypeName);
            schema = ephemeral.Schema;
            var config = DynamicValueCodec.DecodeObject(request.Config, schema.ValueType());
            if (config is not null)
            {
                ConfigValidator.Validate(schema, config, diagnostics);
                ephemeral.ValidateConfig(config, diagnostics);
            }
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
        }
        var response = new ValidateEphemeralResourceConfig.Types.Response();
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    /// <summary>
    /// With configuration still unknown (during plan, when it depends on something not yet
    /// created) nothing can be opened: the result is the configuration with every value the
    /// provider would compute unknown, or a deferral when terraform allows one.
    /// </summary>
    public async Task<OpenEphemeralResource.Types.Response> OpenAsync(OpenEphemeralResource.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new OpenEphemeralResource.Types.Response();
        ObjectSchema? schema = null;
        try
        {
            var ephemeral = catalog.RequireEphemeralResource(request.TypeName);
            schema = ephemeral.Schema;
            var type = schema.ValueType();
            var config = DynamicValueCodec.DecodeObject(request.Config, type) ?? ObjectValue.Empty;
            if (!config.IsWhollyKnown)
            {
                if (request.ClientCapabilities?.DeferralAllowed == true)
                {
                    response.Deferred = new Deferred { Reason = Deferred.Types.Reason.ResourceConfigUnknown };
                }
                else
                {
                    response.Result = DynamicValueCodec.Encode(TerraformValueShape.Outgoing(schema, UnknownResult(schema, config), resolveUnknowns: false), type);
                }
            }
            else
            {
                using var cancellation = session.LinkToStop(callCancelled);
                logger.LogInformation("opening {Type}", request.TypeName);
                var opened = await ephemeral.OpenAsync(session.RequireContext(), config, cancellation.Token);
                response.Result = DynamicValueCodec.Encode(TerraformValueShape.Outgoing(schema, opened.Result, resolveUnknowns: true), type);
                if (opened.RenewAt is { } renewAt)
                {
                    response.RenewAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(renewAt);
                }
                if (opened.Private is { } privateData)
                {
                    response.Private = ByteString.CopyFrom(privateData);
                }
            }
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
            response.Result = null;
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    public async Task<RenewEphemeralResource.Types.Response> RenewAsync(RenewEphemeralResource.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new RenewEphemeralResource.Types.Response();
        ObjectSchema? schema = null;
        try
        {
            var ephemeral = catalog.RequireEphemeralResource(request.TypeName);
            schema = ephemeral.Schema;
            using var cancellation = session.LinkToStop(callCancelled);
            var renewed = await ephemeral.RenewAsync(session.RequireContext(), PrivateOf(request.HasPrivate, request.Private), cancellation.Token);
            if (renewed.RenewAt is { } renewAt)
            {
                response.RenewAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(renewAt);
            }
            if (renewed.Private is { } privateData)
            {
                response.Private = ByteString.CopyFrom(privateData);
            }
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    /// <summary>
    /// Close runs at the end of a run, after StopProvider too: releasing is exactly what an
    /// interrupted run still needs, so only terraform hanging up on the call cancels it.
    /// </summary>
    public async Task<CloseEphemeralResource.Types.Response> CloseAsync(CloseEphemeralResource.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new CloseEphemeralResource.Types.Response();
        ObjectSchema? schema = null;
        try
        {
            var ephemeral = catalog.RequireEphemeralResource(request.TypeName);
            schema = ephemeral.Schema;
            logger.LogInformation("closing {Type}", request.TypeName);
            await ephemeral.CloseAsync(session.RequireContext(), PrivateOf(request.HasPrivate, request.Private), callCancelled);
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    /// <summary>What the result will look like once opened: the configuration as written, and unknown wherever the provider fills in a value.</summary>
    private static ObjectValue UnknownResult(ObjectSchema schema, ObjectValue config)
    {
        var result = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var attribute in schema.Attributes)
        {
            var configured = config[attribute.Name];
            result[attribute.Name] = attribute.Computed && configured.IsNull ? Value.Unknown : configured;
        }
        return new ObjectValue(result);
    }

    private static byte[]? PrivateOf(bool present, ByteString privateData) => present ? privateData.ToByteArray() : null;
}
