using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Planning;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Check: the same validation Terraform's Validate*Config runs (the model's ConfigValidator and
/// the resource's own cross-attribute checks), each finding a CheckFailure on the camelCase
/// property with the fix. The inputs go back as they came, secrets still wrapped and sensitive
/// ones made secret; defaults are the planner's business in Diff and Create, so a default never
/// shows up as a user input.
/// </summary>
public sealed class ResourceCheck(PulumiCatalog catalog, ProviderSession session)
{
    public CheckResponse Check(CheckRequest request)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var schema = resource.Schema.Root;
        var news = request.News ?? new Struct();
        var response = new CheckResponse { Inputs = session.AcceptSecrets ? SensitiveInputs.MarkSecret(news, schema) : news };
        DecodedProperties decoded;
        try
        {
            decoded = PropertyDecoder.Decode(request.News, schema.ValueType());
        }
        catch (PropertyCodecException codec)
        {
            response.Failures.Add(new CheckFailure { Property = codec.Property, Reason = codec.Message });
            return response;
        }
        foreach (var key in decoded.UnknownKeys)
        {
            response.Failures.Add(new CheckFailure
            {
                Property = key,
                Reason = key == "timeouts" && resource.DefaultDeadlines is not null
                    ? "Pulumi sets how long to wait with the customTimeouts resource option, not a \"timeouts\" input. Move the values there."
                    : $"\"{key}\" is not an input of {PulumiNames.ResourceToken(resource.Name)}. Remove it; the inputs are " +
                         string.Join(", ", schema.Attributes.Where(a => a.Required || a.Optional).Select(a => PulumiNames.ToCamel(a.Name))) + ".",
            });
        }
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(schema, decoded.Value, diagnostics);
        resource.ValidateConfig(decoded.Value, diagnostics);
        response.Failures.AddRange(CheckFailures.From(diagnostics));
        CheckFailures.LogWarnings(diagnostics, session, request.Urn);
        return response;
    }
}
