using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A running workspace whose root bucket exists, a metastore whose storage root is in another existing bucket, and a
/// catalog and schema to make volumes in: one per daemon, built once; tests make their own volumes and principals.
/// </summary>
public sealed class VolumeWorld
{
    private static readonly ConcurrentDictionary<DaemonFixture, Lazy<Task<VolumeWorld>>> Worlds = new();

    private VolumeWorld(IStorageDaemon daemon, LakeplaneConnection admin, Workspace workspace, MetastoreInfo metastore, string catalog, string schema)
    {
        Daemon = daemon;
        Admin = admin;
        Workspace = workspace;
        Metastore = metastore;
        Catalog = catalog;
        Schema = schema;
    }

    public IStorageDaemon Daemon { get; }

    public LakeplaneConnection Admin { get; }

    public Workspace Workspace { get; }

    public long WorkspaceId => Workspace.WorkspaceId;

    /// <summary>The metastore assigned to the workspace; its storage_root is s3://&lt;an existing bucket&gt;/metastore.</summary>
    public MetastoreInfo Metastore { get; }

    public string Catalog { get; }

    public string Schema { get; }

    public static Task<VolumeWorld> OfAsync(IStorageDaemon daemon) =>
        Worlds.GetOrAdd(daemon.Fixture, _ => new Lazy<Task<VolumeWorld>>(() => CreateAsync(daemon))).Value;

    public static string BucketName(string stem) => stem + "-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<VolumeWorld> CreateAsync(IStorageDaemon daemon)
    {
        var admin = daemon.Fixture.Connect();
        var workspace = await RunningWorkspaceAsync(daemon, admin, "us-east-1");
        var metastoreBucket = BucketName("metastore");
        await daemon.CreateBucketAsync(metastoreBucket);
        var metastore = await admin.Catalog.CreateMetastoreAsync(new CreateMetastoreRequest
        {
            Name = Unique.Name("metastore"), Region = "us-east-1", StorageRoot = $"s3://{metastoreBucket}/metastore",
        });
        await admin.Catalog.AssignMetastoreAsync(new AssignMetastoreRequest { WorkspaceId = workspace.WorkspaceId, MetastoreId = metastore.MetastoreId });
        var catalog = await admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = workspace.WorkspaceId, Name = "files_" + Guid.NewGuid().ToString("N")[..8] });
        await admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = workspace.WorkspaceId, CatalogName = catalog.Name, Name = "landing" });
        return new VolumeWorld(daemon, admin, workspace, metastore, catalog.Name, "landing");
    }

    /// <summary>A RUNNING workspace in <paramref name="region"/> whose root bucket exists (the s3 driver probes it).</summary>
    public static async Task<Workspace> RunningWorkspaceAsync(IStorageDaemon daemon, LakeplaneConnection admin, string region)
    {
        var rootBucket = BucketName("root");
        await daemon.CreateBucketAsync(rootBucket);
        var credentials = await Fixtures.CredentialsAsync(admin);
        var storage = await admin.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = admin.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = rootBucket,
        });
        var created = await admin.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = admin.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = region,
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId,
        });
        var workspace = await Fixtures.SettledAsync(admin, created.WorkspaceId);
        Assert.True(workspace.WorkspaceStatus == "RUNNING", workspace.WorkspaceStatusMessage);
        return workspace;
    }

    /// <summary>A new managed volume; its Files API path is /Volumes/catalog/schema/name.</summary>
    public async Task<(VolumeInfo Volume, string Path)> VolumeAsync()
    {
        var volume = await Admin.Catalog.CreateVolumeAsync(new CreateVolumeRequest
        {
            WorkspaceId = WorkspaceId, CatalogName = Catalog, SchemaName = Schema, Name = "vol_" + Guid.NewGuid().ToString("N")[..8], VolumeType = "MANAGED",
        });
        return (volume, $"/Volumes/{Catalog}/{Schema}/{volume.Name}");
    }

    /// <summary>An HttpClient on a token (the admin's by default), naming the workspace in the header.</summary>
    public HttpClient Http(string? token = null)
    {
        var client = Daemon.Fixture.Http(token ?? Daemon.Fixture.AdminToken);
        client.Timeout = TimeSpan.FromMinutes(5);
        client.DefaultRequestHeaders.Add("X-Databricks-Org-Id", WorkspaceId.ToString(CultureInfo.InvariantCulture));
        return client;
    }

    /// <summary>A new user with a workspace token of its own, and a client on it.</summary>
    public async Task<(string UserName, HttpClient Http)> UserAsync()
    {
        var userName = Unique.Name("files-user") + "@example.com";
        await Admin.Identity.CreateUserAsync(new CreateUserRequest { AccountId = Admin.AccountId, UserName = userName });
        var token = await Admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
        {
            AccountId = Admin.AccountId, WorkspaceId = WorkspaceId, UserName = userName, Comment = "files test",
        });
        return (userName, Http(token.TokenValue));
    }

    public Task GrantAsync(string securableType, string fullName, string principal, params string[] privileges) =>
        Admin.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = WorkspaceId, SecurableType = securableType, FullName = fullName,
            Changes = { new PermissionsChange { Principal = principal, Add = { privileges } } },
        }).ResponseAsync;

    public static ByteArrayContent Bytes(string text) => new(System.Text.Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
}
