using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Terraform.Values;
using AttributePath = Lakeplane.Resources.Model.AttributePath;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ValidateProviderConfig, ValidateResourceConfig, ValidateDataResourceConfig: the model's
/// attribute rules and each definition's own checks, on configuration that may still hold
/// unknowns. Every finding names its attribute, so terraform points at the offending line.
/// </summary>
public sealed class ConfigValidation(ProviderCatalog catalog, ProviderSession session)
{
    public ValidateProviderConfig.Types.Response ValidateProvider(ValidateProviderConfig.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        Guard(diagnostics, () =>
        {
            var config = DynamicValueCodec.DecodeObject(request.Config, catalog.ProviderSchema.ValueType());
            if (config is not null)
            {
                ConfigValidator.Validate(catalog.ProviderSchema, config, diagnostics);
            }
        });
        var response = new ValidateProviderConfig.Types.Response();
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    public ValidateResourceConfig.Types.Response ValidateResource(ValidateResourceConfig.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        Guard(diagnostics, () =>
        {
            var resource = catalog.RequireResource(request.TypeName);
            var schema = TimeoutsBlock.SchemaOf(resource).Root;
            var config = DynamicValueCodec.DecodeObject(request.Config, schema.ValueType());
            if (config is null)
            {
                return;
            }
            ConfigValidator.Validate(schema, config, diagnostics);
            resource.ValidateConfig(TimeoutsBlock.Without(config), diagnostics);
            if (request.ClientCapabilities?.WriteOnlyAttributesAllowed != true)
            {
                RejectWriteOnly(schema, config, diagnostics);
            }
        });
        var response = new ValidateResourceConfig.Types.Response();
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    public ValidateDataResourceConfig.Types.Response ValidateDataSource(ValidateDataResourceConfig.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        Guard(diagnostics, () =>
        {
            var dataSource = catalog.RequireDataSource(request.TypeName);
            var schema = dataSource.Schema;
            var config = DynamicValueCodec.DecodeObject(request.Config, schema.ValueType());
            if (config is null)
            {
                return;
            }
            ConfigValidator.Validate(schema, config, diagnostics);
            dataSource.ValidateConfig(config, diagnostics);
        });
        var response = new ValidateDataResourceConfig.Types.Response();
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    /// <summary>A terraform that cannot keep write-only values out of state must not be given one.</summary>
    private static void RejectWriteOnly(ObjectSchema schema, ObjectValue config, Diagnostics diagnostics)
    {
        foreach (var attribute in schema.Attributes.Where(a => a.WriteOnly && !config[a.Name].IsNull))
        {
            diagnostics.AddError(
                "Write-only attribute not supported",
                $"\"{attribute.Name}\" is write-only, which needs Terraform 1.11 or later. Upgrade Terraform or leave it unset.",
                AttributePath.Of(attribute.Name));
        }
    }

    private void Guard(Diagnostics diagnostics, Action validate)
    {
        try
        {
            validate();
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, null, session.StopRequested));
        }
    }
}
