using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Values;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Planning;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Invoke: the model's data sources as Pulumi functions (lakeplane:index:getWorkspace,
/// lakeplane:index:getCurrentUser). Arguments are checked like a data source's configuration;
/// findings come back as failures on the argument, the result with its sensitive parts secret.
/// </summary>
public sealed class FunctionInvoke(PulumiCatalog catalog, ProviderSession session)
{
    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken callCancelled)
    {
        var function = catalog.RequireFunction(request.Tok);
        var response = new InvokeResponse();
        var args = PropertyDecoder.Decode(request.Args, function.Schema.ValueType());
        foreach (var key in args.UnknownKeys)
        {
            response.Failures.Add(new CheckFailure { Property = key, Reason = $"\"{key}\" is not an argument of {request.Tok}. Remove it." });
        }
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(function.Schema, args.Value, diagnostics);
        function.ValidateConfig(args.Value, diagnostics);
        response.Failures.AddRange(CheckFailures.From(diagnostics));
        if (response.Failures.Count > 0)
        {
            return response;
        }
        using var cancel = session.LinkToCancel(callCancelled);
        var result = await function.ReadAsync(session.RequireContext(), args.Value, cancel.Token);
        response.Return = PropertyEncoder.Encode(result, function.Schema, args.SecretAttributes, session.AcceptSecrets);
        return response;
    }
}
