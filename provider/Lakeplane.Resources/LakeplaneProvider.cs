using Lakeplane.Protos.Client;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.DataSources;
using Lakeplane.Resources.EphemeralResources;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;
using Lakeplane.Resources.Resources.Catalog;
using Lakeplane.Resources.Resources.Jobs;

namespace Lakeplane.Resources;

/// <summary>
/// The Lakeplane provider, protocol-neutral: its configuration (host, token, account_id, each
/// falling back to a LAKEPLANE_* variable), how a configuration becomes a daemon connection,
/// and every resource, data source and ephemeral resource. Terraform's and Pulumi's adapters both serve this.
/// </summary>
/// <param name="environment">Reads environment variables; tests pass their own.</param>
public sealed class LakeplaneProvider(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    private static readonly Setting Host = new("host", "LAKEPLANE_HOST", "Address of lakeplaned, e.g. http://127.0.0.1:7070.");
    private static readonly Setting Token = new("token", "LAKEPLANE_TOKEN", "API token of the principal to act as.");
    private static readonly Setting AccountId = new("account_id", "LAKEPLANE_ACCOUNT_ID", "Id of the Lakeplane account to manage.");

    public ObjectSchema ConfigSchema { get; } = new()
    {
        Description = "Connects to a lakeplaned daemon. Every argument falls back to an environment variable.",
        Attributes =
        [
            Attr.String(Host.Attribute).Optional().Describe($"{Host.Description} Falls back to {Host.Variable}."),
            Attr.String(Token.Attribute).Optional().Sensitive().Describe($"{Token.Description} Falls back to {Token.Variable}."),
            Attr.String(AccountId.Attribute).Optional().Describe($"{AccountId.Description} Falls back to {AccountId.Variable}."),
        ],
    };

    public IReadOnlyList<ResourceDefinition> Resources { get; } =
    [
        new CredentialsResource(),
        new StorageConfigurationResource(),
        new NetworkResource(),
        new WorkspaceResource(),
        new TokenResource(),
        new UserResource(),
        new GroupResource(),
        new GroupMemberResource(),
        new ServicePrincipalResource(),
        new ClusterResource(),
        new WorkspaceFileResource(),
        new JobResource(),
        new NotebookResource(),
        new MetastoreResource(),
        new MetastoreAssignmentResource(),
        new CatalogResource(),
        new SchemaResource(),
        new TableResource(),
        new VolumeResource(),
        new StorageCredentialResource(),
        new ExternalLocationResource(),
        new GrantsResource(),
        new GrantResource(),
    ];

    public IReadOnlyList<DataSourceDefinition> DataSources { get; } =
    [
        new WorkspaceDataSource(),
        new CurrentUserDataSource(),
        new ClusterDataSource(),
        new JobDataSource(),
        new NodeTypesDataSource(),
        new SparkVersionsDataSource(),
        new CatalogsDataSource(),
        new SchemasDataSource(),
        new TablesDataSource(),
        new EffectivePermissionsDataSource(),
    ];

    /// <summary>Values that live for one run only (Terraform ephemeral resources); Pulumi has no such thing and ignores them.</summary>
    public IReadOnlyList<EphemeralResourceDefinition> EphemeralResources { get; } =
    [
        new TokenEphemeralResource(),
    ];

    /// <summary>
    /// The daemon connection for a configuration, or null: with error diagnostics when a setting
    /// is missing or malformed, without any when the configuration is still unknown (terraform
    /// configures again once it is known). No message ever contains the token.
    /// </summary>
    public LakeplaneConnection? Configure(ObjectValue config, Diagnostics diagnostics)
    {
        if (new[] { Host, Token, AccountId }.Any(s => config[s.Attribute].IsUnknown))
        {
            return null;
        }
        var host = Resolve(Host, config, diagnostics);
        var token = Resolve(Token, config, diagnostics);
        var accountId = Resolve(AccountId, config, diagnostics);
        if (host is not null && !IsValidHost(host))
        {
            diagnostics.AddError(
                "Invalid host",
                $"\"host\" (or {Host.Variable}) must be an http:// or https:// address of lakeplaned such as http://127.0.0.1:7070, or host:port.",
                AttributePath.Of(Host.Attribute));
            return null;
        }
        if (host is null || token is null || accountId is null)
        {
            return null;
        }
        return new LakeplaneConnection(host, token, accountId);
    }

    /// <summary>The configured value, else the environment's; empty counts as unset.</summary>
    private string? Resolve(Setting setting, ObjectValue config, Diagnostics diagnostics)
    {
        if (config[setting.Attribute] is StringValue { Value: var configured } && !string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }
        var fromEnvironment = _environment(setting.Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }
        diagnostics.AddError(
            $"Missing provider setting {setting.Attribute}",
            $"Set \"{setting.Attribute}\" in the provider \"lakeplane\" block or the {setting.Variable} environment variable. {setting.Description}",
            AttributePath.Of(setting.Attribute));
        return null;
    }

    private static bool IsValidHost(string host) =>
        Uri.TryCreate(LakeplaneConnection.NormaliseHost(host), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private sealed record Setting(string Attribute, string Variable, string Description);
}
