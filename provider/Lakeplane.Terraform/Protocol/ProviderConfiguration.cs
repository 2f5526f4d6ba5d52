using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ConfigureProvider: the provider block (with LAKEPLANE_* fallbacks) becomes the daemon
/// connection every later resource call uses. A configuration still unknown at plan time
/// leaves the provider unconfigured; resources then say so if they need the daemon.
/// </summary>
public sealed class ProviderConfiguration(ProviderCatalog catalog, ProviderSession session)
{
    public ConfigureProvider.Types.Response Configure(ConfigureProvider.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        try
        {
            var config = DynamicValueCodec.DecodeObject(request.Config, catalog.ProviderSchema.ValueType()) ?? ObjectValue.Empty;
            var connection = catalog.Configure(config, diagnostics);
            if (connection is not null && !diagnostics.HasErrors)
            {
                session.Configure(new ResourceContext(connection, session.LogProgress));
            }
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, catalog.ProviderSchema, session.StopRequested));
        }
        var response = new ConfigureProvider.Types.Response();
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }
}
