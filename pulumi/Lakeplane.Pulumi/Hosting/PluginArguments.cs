namespace Lakeplane.Pulumi.Hosting;

/// <summary>
/// How the engine starts a provider: `pulumi-resource-lakeplane [--logtostderr] [-v=N]
/// [--tracing ENDPOINT] ENGINE_ADDRESS`. The engine address is the last positional argument;
/// `--schema PATH` is ours (the build writes pulumi/schema.json through it).
/// </summary>
public sealed record PluginArguments(string? EngineAddress, string? SchemaOutput, bool LogToStderr)
{
    /// <summary>Flags that take the next argument as their value.</summary>
    private static readonly HashSet<string> FlagsWithValue = new(StringComparer.Ordinal) { "--tracing", "-tracing", "--root", "--schema" };

    public static PluginArguments Parse(IReadOnlyList<string> args)
    {
        string? engine = null;
        string? schema = null;
        var logToStderr = false;
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg == "--schema")
            {
                schema = index + 1 < args.Count ? args[++index] : "-";
            }
            else if (FlagsWithValue.Contains(arg))
            {
                index++;
            }
            else if (arg is "--logtostderr" or "-logtostderr")
            {
                logToStderr = true;
            }
            else if (!arg.StartsWith('-'))
            {
                engine = arg;
            }
        }
        return new PluginArguments(engine, schema, logToStderr);
    }
}
