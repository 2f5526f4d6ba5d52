using System.Text.RegularExpressions;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>
/// data "lakeplane_spark_versions": the runtimes a workspace offers, filtered as Databricks'
/// databricks_spark_version filters them (long_term_support, spark_version, scala, ml, gpu,
/// photon). id is the newest match (or the only one, with latest = false), as
/// databricks_spark_version's id; versions lists every match, newest first.
/// </summary>
public sealed partial class SparkVersionsDataSource : DataSourceDefinition
{
    private static readonly ObjectType VersionType = new([new("key", TypeSpec.String), new("name", TypeSpec.String)]);

    public override string Name => "spark_versions";

    public override ObjectSchema Schema { get; } = new()
    {
        Description =
            "The runtimes clusters of a workspace may run, filtered like `databricks_spark_version`: `id` is the newest runtime that matches every filter given, " +
            "`versions` lists all matches, newest first. No match is an error naming the runtimes there are.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace whose runtimes to list."),
            Attr.Bool("latest").Optional()
                .Describe("Default true: `id` is the newest match. false: exactly one runtime must match, else it is an error."),
            Attr.Bool("long_term_support").Optional().Describe("Only long-term-support (LTS) runtimes. Default false: any."),
            Attr.String("spark_version").Optional()
                .Describe("Only runtimes of this Apache Spark version or its prefix: `3`, `3.5` or `3.5.0`."),
            Attr.String("scala").Optional().Describe("Only runtimes of this Scala version, e.g. `2.12`."),
            Attr.Bool("ml").Optional().Describe("true: only ML runtimes; false or unset: none."),
            Attr.Bool("gpu").Optional().Describe("true: only GPU runtimes; false or unset: none."),
            Attr.Bool("photon").Optional().Describe("true: only Photon runtimes; false or unset: none."),
            Attr.String("id").Computed().Describe("The newest matching runtime: what `spark_version` takes, e.g. `15.4.x-scala2.12`."),
            new AttributeBuilder("versions", TypeSpec.ListOf(VersionType)).Computed().Describe("Every matching runtime, newest first: key (the id) and name."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var request = new ListSparkVersionsRequest { AccountId = context.Client.AccountId, WorkspaceId = config.RequiredLong("workspace_id") };
        var all = (await DaemonErrors.RethrowAsDiagnosticAsync(Schema, "list spark versions", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.ListSparkVersionsAsync(request, options).ResponseAsync, cancellationToken))).Versions;
        var matches = Filter(all, config).ToList();
        if (matches.Count == 0)
        {
            throw new ResourceException(Diagnostic.Error(
                "No runtime matches",
                $"No runtime of workspace {request.WorkspaceId} matches the filters. It has: {string.Join("; ", all.Select(v => $"{v.Key} ({v.Name})"))}."));
        }
        if (matches.Count > 1 && config["latest"] is BoolValue { Value: false })
        {
            throw new ResourceException(Diagnostic.Error(
                "Several runtimes match",
                $"With latest = false exactly one runtime must match, but {matches.Count} do: {string.Join(", ", matches.Select(v => v.Key))}. " +
                "Narrow the filters (spark_version, long_term_support, scala) or set latest = true for the newest.",
                AttributePath.Of("latest")));
        }
        var values = new Dictionary<string, Value>(config.Attributes, StringComparer.Ordinal)
        {
            ["id"] = Value.Of(matches[0].Key),
            ["versions"] = new CollectionValue(matches.Select(v => (Value)new ObjectValue(new Dictionary<string, Value>(StringComparer.Ordinal)
            {
                ["key"] = Value.Of(v.Key),
                ["name"] = Value.Of(v.Name),
            })).ToArray()),
        };
        return new ObjectValue(values);
    }

    /// <summary>The runtimes that satisfy every filter the configuration sets, newest first.</summary>
    internal static IEnumerable<SparkVersion> Filter(IEnumerable<SparkVersion> all, ObjectValue config)
    {
        var lts = config["long_term_support"] is BoolValue { Value: true };
        var ml = config["ml"] is BoolValue { Value: true };
        var gpu = config["gpu"] is BoolValue { Value: true };
        var photon = config["photon"] is BoolValue { Value: true };
        var spark = config.OptionalString("spark_version")?.Trim();
        var scala = config.OptionalString("scala")?.Trim();
        return all
            .Where(v => !lts || LongTermSupport().IsMatch(v.Name))
            .Where(v => v.Key.Contains("-ml-", StringComparison.Ordinal) == ml)
            .Where(v => v.Key.Contains("-gpu-", StringComparison.Ordinal) == gpu)
            .Where(v => v.Key.Contains("-photon-", StringComparison.Ordinal) == photon)
            .Where(v => string.IsNullOrEmpty(spark) || MatchesVersionPrefix(SparkOf(v.Name), spark))
            .Where(v => string.IsNullOrEmpty(scala) || v.Key.EndsWith("-scala" + scala, StringComparison.Ordinal))
            .OrderByDescending(v => RuntimeOf(v.Key))
            .ThenBy(v => v.Key, StringComparer.Ordinal);
    }

    /// <summary>"3.5" asks for 3.5.x: the full version equals it or continues it after a dot.</summary>
    private static bool MatchesVersionPrefix(string? full, string prefix) =>
        full is not null && (full == prefix || full.StartsWith(prefix + ".", StringComparison.Ordinal));

    private static string? SparkOf(string name) => SparkVersionPattern().Match(name) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>"15.4.x-scala2.12" → 15.4, compared as numbers (so 16.1 sorts after 9.1).</summary>
    private static Version RuntimeOf(string key) =>
        RuntimeVersionPattern().Match(key) is { Success: true } match && Version.TryParse(match.Groups[1].Value, out var version) ? version : new Version(0, 0);

    [GeneratedRegex(@"\bLTS\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongTermSupport();

    [GeneratedRegex(@"Apache Spark (\d+(?:\.\d+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex SparkVersionPattern();

    [GeneratedRegex(@"^(\d+\.\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex RuntimeVersionPattern();
}
