using Google.Protobuf.WellKnownTypes;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>The calls the engine makes for one resource in `pulumi up`, `refresh`, `import` and `destroy`, in its order.</summary>
public sealed class EngineSteps(ResourceProvider.ResourceProviderClient provider, string type, string name)
{
    public string Urn => EngineHarness.Urn(type, name);

    /// <summary>up, first time: Check, Create in the preview, Create for real.</summary>
    public async Task<(string Id, Struct Outputs, Struct Preview)> CreateAsync(Struct inputs)
    {
        var check = await provider.CheckAsync(new CheckRequest { Urn = Urn, Type = type, Name = name, News = inputs });
        Assert.Empty(check.Failures);
        var preview = await provider.CreateAsync(new CreateRequest { Urn = Urn, Type = type, Name = name, Properties = check.Inputs, Preview = true });
        var created = await provider.CreateAsync(new CreateRequest { Urn = Urn, Type = type, Name = name, Properties = check.Inputs });
        return (created.Id, created.Properties, preview.Properties);
    }

    public async Task<DiffResponse> DiffAsync(string id, Struct state, Struct inputs, Struct? oldInputs = null)
    {
        var check = await provider.CheckAsync(new CheckRequest { Urn = Urn, Type = type, Name = name, Olds = oldInputs ?? inputs, News = inputs });
        Assert.Empty(check.Failures);
        return await provider.DiffAsync(new DiffRequest { Id = id, Urn = Urn, Type = type, Name = name, Olds = state, News = check.Inputs, OldInputs = oldInputs ?? inputs });
    }

    public async Task<Struct> UpdateAsync(string id, Struct state, Struct inputs, bool preview = false) =>
        (await provider.UpdateAsync(new UpdateRequest { Id = id, Urn = Urn, Type = type, Name = name, Olds = state, News = inputs, OldInputs = inputs, Preview = preview })).Properties;

    /// <summary>refresh: state and inputs known; import: the id alone.</summary>
    public async Task<ReadResponse> ReadAsync(string id, Struct? state = null, Struct? inputs = null) =>
        await provider.ReadAsync(new ReadRequest { Id = id, Urn = Urn, Type = type, Name = name, Properties = state, Inputs = inputs });

    public async Task DeleteAsync(string id, Struct state) =>
        await provider.DeleteAsync(new DeleteRequest { Id = id, Urn = Urn, Type = type, Name = name, Properties = state });
}
