using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Hosting;
using Lakeplane.Pulumi.Protocol;
using Lakeplane.Pulumi.Schema;
using Microsoft.Extensions.Hosting;

// pulumi-resource-lakeplane: composition only. `--schema PATH` writes the package schema (the
// build keeps pulumi/schema.json from it); otherwise serve the engine: bind, print the port
// alone on stdout, serve until the engine kills us.
var arguments = PluginArguments.Parse(args);
var catalog = LakeplaneCatalog.Create();

if (arguments.SchemaOutput is not null)
{
    return await SchemaFile.WriteAsync(PulumiSchemaGenerator.Generate(catalog, ProviderService.Version), arguments.SchemaOutput);
}

using var log = new EngineLog(arguments.EngineAddress);
await using var app = PluginServer.Build(catalog, log);
await app.StartAsync();
await Console.Out.WriteLineAsync(PluginServer.BoundPort(app).ToString(System.Globalization.CultureInfo.InvariantCulture));
await Console.Out.FlushAsync();
await app.WaitForShutdownAsync();
return 0;
