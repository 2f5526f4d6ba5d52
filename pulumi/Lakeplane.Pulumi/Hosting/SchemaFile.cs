namespace Lakeplane.Pulumi.Hosting;

/// <summary>Writes the generated schema to a file (only when it changed, so an unchanged build
/// leaves the file and its timestamp alone) or to stdout for "-".</summary>
public static class SchemaFile
{
    public static async Task<int> WriteAsync(string schema, string path)
    {
        if (path == "-")
        {
            await Console.Out.WriteAsync(schema);
            return 0;
        }
        if (File.Exists(path) && await File.ReadAllTextAsync(path) == schema)
        {
            return 0;
        }
        await File.WriteAllTextAsync(path, schema);
        return 0;
    }
}
