using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>ReadDataSource: looks the object up with the (wholly known) configuration and returns every attribute.</summary>
public sealed class DataSourceRead(ProviderCatalog catalog, ProviderSession session)
{
    public async Task<ReadDataSource.Types.Response> ReadAsync(ReadDataSource.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new ReadDataSource.Types.Response();
        ObjectSchema? schema = null;
        try
        {
            var dataSource = catalog.RequireDataSource(request.TypeName);
            schema = dataSource.Schema;
            var type = schema.ValueType();
            var config = DynamicValueCodec.DecodeObject(request.Config, type) ?? ObjectValue.Empty;
            using var cancellation = session.LinkToStop(callCancelled);
            var state = await dataSource.ReadAsync(session.RequireContext(), config, cancellation.Token);
            response.State = DynamicValueCodec.Encode(TerraformValueShape.Outgoing(schema, state, resolveUnknowns: true), type);
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }
}
