using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Catalog.Tests.Support;

/// <summary>
/// A workspace with a metastore assigned, on one test daemon, and helpers to make principals with their own workspace
/// tokens (SCIM users, groups and service principals, tokens issued on their behalf by the admin). One per daemon and
/// region: tests make their own catalogs and principals with unique names.
/// </summary>
public sealed class CatalogWorld
{
    private static readonly ConcurrentDictionary<(DaemonFixture, string), Lazy<Task<CatalogWorld>>> Worlds = new();

    private CatalogWorld(DaemonFixture daemon, LakeplaneConnection admin, Workspace workspace, MetastoreInfo metastore)
    {
        Daemon = daemon;
        Admin = admin;
        Workspace = workspace;
        Metastore = metastore;
    }

    public DaemonFixture Daemon { get; }

    /// <summary>The bootstrap account admin (account-wide token): a metastore admin of every metastore.</summary>
    public LakeplaneConnection Admin { get; }

    public Workspace Workspace { get; }

    public long WorkspaceId => Workspace.WorkspaceId;

    public MetastoreInfo Metastore { get; }

    public static Task<CatalogWorld> OfAsync(DaemonFixture daemon, string region = "us-east-1") =>
        Worlds.GetOrAdd((daemon, region), key => new Lazy<Task<CatalogWorld>>(() => CreateAsync(key.Item1, key.Item2))).Value;

    private static async Task<CatalogWorld> CreateAsync(DaemonFixture daemon, string region)
    {
        var admin = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(admin);
        var storage = await Fixtures.StorageAsync(admin);
        var created = await admin.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = admin.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = region,
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
        var workspace = await Fixtures.SettledAsync(admin, created.WorkspaceId);
        var metastore = await admin.Catalog.CreateMetastoreAsync(new CreateMetastoreRequest
        {
            Name = Unique.Name("metastore"), Region = region, StorageRoot = $"s3://{Unique.Name("root")}/metastore",
        });
        await admin.Catalog.AssignMetastoreAsync(new AssignMetastoreRequest { WorkspaceId = workspace.WorkspaceId, MetastoreId = metastore.MetastoreId });
        return new CatalogWorld(daemon, admin, workspace, metastore);
    }

    /// <summary>A new user of the account and a client on a workspace token of its own.</summary>
    public async Task<Actor> UserAsync(string stem = "user")
    {
        var userName = Unique.Name(stem) + "@example.com";
        var user = await Admin.Identity.CreateUserAsync(new CreateUserRequest { AccountId = Admin.AccountId, UserName = userName });
        var token = await Admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
        {
            AccountId = Admin.AccountId, WorkspaceId = WorkspaceId, UserName = userName, Comment = "catalog test",
        });
        return new Actor(userName, user.Id, token.TokenValue, Daemon.Connect(token.TokenValue), Http(token.TokenValue));
    }

    /// <summary>A new service principal (granted by application id) and a client on an on-behalf-of token.</summary>
    public async Task<Actor> ServicePrincipalAsync()
    {
        var sp = await Admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest { AccountId = Admin.AccountId, DisplayName = Unique.Name("sp") });
        var token = await Admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
        {
            AccountId = Admin.AccountId, WorkspaceId = WorkspaceId, ApplicationId = sp.ApplicationId, Comment = "catalog test",
        });
        return new Actor(sp.ApplicationId, sp.Id, token.TokenValue, Daemon.Connect(token.TokenValue), Http(token.TokenValue));
    }

    public async Task<Group> GroupAsync(params string[] memberIds) =>
        await Admin.Identity.CreateGroupAsync(new CreateGroupRequest { AccountId = Admin.AccountId, DisplayName = Unique.Name("group"), MemberIds = { memberIds } });

    /// <summary>An HttpClient on a token, sending the workspace header the way the Databricks SDK's unified host does.</summary>
    public HttpClient Http(string? token = null)
    {
        var client = Daemon.Http(token ?? Daemon.AdminToken);
        client.DefaultRequestHeaders.Add("X-Databricks-Org-Id", WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client;
    }

    public Task<PermissionsList> GrantAsync(string securableType, string fullName, string principal, params string[] privileges) =>
        Admin.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = WorkspaceId, SecurableType = securableType, FullName = fullName,
            Changes = { new PermissionsChange { Principal = principal, Add = { privileges } } },
        }).ResponseAsync;

    /// <summary>A catalog with one schema, made by the admin, for tests that need somewhere to work.</summary>
    public async Task<(string Catalog, string Schema)> CatalogAndSchemaAsync()
    {
        var catalog = await Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = WorkspaceId, Name = Unique.Name("cat").Replace('-', '_') });
        var schema = await Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = WorkspaceId, CatalogName = catalog.Name, Name = "sales" });
        return (catalog.Name, schema.FullName);
    }

    public Task<TableInfo> TableAsync(LakeplaneConnection creator, string catalog, string name, string schema = "sales") =>
        creator.Catalog.CreateTableAsync(new CreateTableRequest
        {
            WorkspaceId = WorkspaceId, CatalogName = catalog, SchemaName = schema, Name = name,
            Columns =
            {
                new ColumnInfo { Name = "id", TypeName = "LONG", TypeText = "bigint", Nullable = false },
                new ColumnInfo { Name = "amount", TypeName = "DECIMAL", TypeText = "decimal(10,2)", TypePrecision = 10, TypeScale = 2, Nullable = true },
            },
        }).ResponseAsync;
}

/// <summary>A principal as grants name it, with clients that call as it.</summary>
public sealed record Actor(string GrantName, string Id, string Token, LakeplaneConnection Client, HttpClient Http)
{
    public CatalogService.CatalogServiceClient Catalog => Client.Catalog;
}

public static class Denied
{
    /// <summary>The call is refused with PERMISSION_DENIED and a message naming what is missing.</summary>
    public static async Task<string> ByAsync(string expectedFragment, Func<Task> call)
    {
        var detail = await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null, call);
        Assert.True(detail.Message.Contains(expectedFragment, StringComparison.Ordinal), $"expected \"{expectedFragment}\" in \"{detail.Message}\"");
        return detail.Message;
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
