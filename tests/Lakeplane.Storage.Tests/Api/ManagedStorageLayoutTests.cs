using System.Net;
using System.Text;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.Api;

/// <summary>
/// Managed tables and volumes are laid out under the nearest storage root (schema, else catalog, else metastore), and
/// their storage is made on first use: the first Files API upload into a new managed volume works with nothing created
/// beforehand, and the object is found at the volume's storage_location in the bucket itself (the local driver's
/// directory, or s3rver read with the AWS SDK), once per driver.
/// </summary>
public abstract class ManagedStorageLayoutTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : class, IStorageDaemon
{
    private const string Content = "id,amount\n1,2.50\n";

    [Fact]
    public async Task The_first_upload_into_a_managed_volume_lands_at_its_storage_location_under_the_metastore_root()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var catalog = await world.Admin.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = world.WorkspaceId, Name = world.Catalog });
        var schema = await world.Admin.Catalog.GetSchemaAsync(new GetSchemaRequest { WorkspaceId = world.WorkspaceId, FullName = $"{world.Catalog}.{world.Schema}" });
        var (volume, path) = await world.VolumeAsync();

        var root = world.Metastore.StorageRoot;
        Assert.Equal($"{root}/__unitystorage/catalogs/{catalog.Id}", catalog.StorageLocation);
        Assert.Equal($"{catalog.StorageLocation}/schemas/{schema.SchemaId}", schema.StorageLocation);
        Assert.Equal($"{schema.StorageLocation}/volumes/{volume.VolumeId}", volume.StorageLocation);
        var table = await world.Admin.Catalog.CreateTableAsync(new CreateTableRequest
        {
            WorkspaceId = world.WorkspaceId, CatalogName = world.Catalog, SchemaName = world.Schema, Name = "t_" + Guid.NewGuid().ToString("N")[..8],
            Columns = { new ColumnInfo { Name = "id", TypeName = "LONG", TypeText = "bigint" } },
        });
        Assert.Equal($"{schema.StorageLocation}/tables/{table.TableId}", table.StorageLocation);

        await UploadAndFindInTheBucketAsync(world, volume, path);
    }

    [Fact]
    public async Task Catalogs_and_schemas_with_their_own_storage_root_lay_their_children_out_under_it()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var bucket = VolumeWorld.BucketName("managed");
        await daemon.CreateBucketAsync(bucket);
        var location = await ExternalLocationAsync(world, $"s3://{bucket}/unity");

        var catalog = await world.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest
        {
            WorkspaceId = world.WorkspaceId, Name = "own_" + Guid.NewGuid().ToString("N")[..8], StorageRoot = location.Url + "/catalog-root/",
        });
        Assert.Equal(location.Url + "/catalog-root", catalog.StorageRoot);
        Assert.Equal($"{location.Url}/catalog-root/__unitystorage/catalogs/{catalog.Id}", catalog.StorageLocation);
        var inherits = await world.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = world.WorkspaceId, CatalogName = catalog.Name, Name = "inherits" });
        Assert.Equal($"{catalog.StorageLocation}/schemas/{inherits.SchemaId}", inherits.StorageLocation);
        var own = await world.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest
        {
            WorkspaceId = world.WorkspaceId, CatalogName = catalog.Name, Name = "own", StorageRoot = location.Url + "/schema-root",
        });
        Assert.Equal($"{location.Url}/schema-root/__unitystorage/schemas/{own.SchemaId}", own.StorageLocation);

        var volume = await world.Admin.Catalog.CreateVolumeAsync(new CreateVolumeRequest
        {
            WorkspaceId = world.WorkspaceId, CatalogName = catalog.Name, SchemaName = "own", Name = "drop", VolumeType = "MANAGED",
        });
        Assert.Equal($"{own.StorageLocation}/volumes/{volume.VolumeId}", volume.StorageLocation);
        await UploadAndFindInTheBucketAsync(world, volume, $"/Volumes/{catalog.Name}/own/drop");

        // A storage_root is managed storage: it must lie under an external location, outside the metastore's root.
        var nowhere = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "storage_root",
            () => world.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest
            {
                WorkspaceId = world.WorkspaceId, CatalogName = catalog.Name, Name = "nowhere", StorageRoot = $"s3://{VolumeWorld.BucketName("unknown")}/x",
            }));
        Assert.Contains("is not under any external location", nowhere.Message, StringComparison.Ordinal);
        var inside = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "storage_root",
            () => world.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest
            {
                WorkspaceId = world.WorkspaceId, Name = "inside_" + Guid.NewGuid().ToString("N")[..8], StorageRoot = world.Metastore.StorageRoot + "/mine",
            }));
        Assert.Contains("overlaps the metastore's managed storage root", inside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_metastore_storage_root_a_catalog_must_name_its_own()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        var workspace = await VolumeWorld.RunningWorkspaceAsync(daemon, world.Admin, "eu-central-1");
        var metastore = await world.Admin.Catalog.CreateMetastoreAsync(new CreateMetastoreRequest { Name = Unique.Name("rootless"), Region = "eu-central-1" });
        Assert.Equal("", metastore.StorageRoot);
        await world.Admin.Catalog.AssignMetastoreAsync(new AssignMetastoreRequest { WorkspaceId = workspace.WorkspaceId, MetastoreId = metastore.MetastoreId });

        var name = "c_" + Guid.NewGuid().ToString("N")[..8];
        var refused = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "storage_root",
            () => world.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = workspace.WorkspaceId, Name = name }));
        Assert.Contains($"Metastore '{metastore.Name}' has no storage_root, so catalog '{name}' needs a storage_root of its own", refused.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE_MANAGED_STORAGE", refused.Message, StringComparison.Ordinal);
        // Nothing was half-made: the name is free.
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "name",
            () => world.Admin.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = workspace.WorkspaceId, Name = name }));

        var bucket = VolumeWorld.BucketName("rootless");
        await daemon.CreateBucketAsync(bucket);
        var location = await ExternalLocationAsync(world, $"s3://{bucket}/data", workspace.WorkspaceId);
        var catalog = await world.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = workspace.WorkspaceId, Name = name, StorageRoot = location.Url });
        Assert.Equal($"{location.Url}/__unitystorage/catalogs/{catalog.Id}", catalog.StorageLocation);
        var schema = await world.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = workspace.WorkspaceId, CatalogName = name, Name = "s" });
        var volume = await world.Admin.Catalog.CreateVolumeAsync(new CreateVolumeRequest
        {
            WorkspaceId = workspace.WorkspaceId, CatalogName = name, SchemaName = "s", Name = "v", VolumeType = "MANAGED",
        });
        Assert.Equal($"{schema.StorageLocation}/volumes/{volume.VolumeId}", volume.StorageLocation);
    }

    /// <summary>Nothing is at the volume's location before the upload; after it, the bytes are at location/path in the bucket.</summary>
    private async Task UploadAndFindInTheBucketAsync(VolumeWorld world, VolumeInfo volume, string apiPath)
    {
        var (bucket, prefix) = Split(volume.StorageLocation);
        Assert.Empty(await daemon.ListBucketAsync(bucket, prefix));

        var http = world.Http();
        var put = await http.PutAsync("/api/2.0/fs/files" + apiPath + "/in/first.csv", VolumeWorld.Bytes(Content));
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());

        Assert.Equal([prefix + "/in/first.csv"], await daemon.ListBucketAsync(bucket, prefix));
        Assert.Equal(Content, Encoding.UTF8.GetString((await daemon.ReadObjectAsync(bucket, prefix + "/in/first.csv"))!));
        Assert.Equal(Content, await http.GetStringAsync("/api/2.0/fs/files" + apiPath + "/in/first.csv"));
    }

    private async Task<ExternalLocationInfo> ExternalLocationAsync(VolumeWorld world, string url, long? workspaceId = null)
    {
        var id = workspaceId ?? world.WorkspaceId;
        var credential = await world.Admin.Catalog.CreateStorageCredentialAsync(new CreateStorageCredentialRequest
        {
            WorkspaceId = id, Name = Unique.Name("cred"), AwsIamRole = new AwsIamRole { RoleArn = Fixtures.RoleArn },
        });
        return await world.Admin.Catalog.CreateExternalLocationAsync(new CreateExternalLocationRequest
        {
            WorkspaceId = id, Name = Unique.Name("loc"), Url = url, CredentialName = credential.Name,
        });
    }

    private static (string Bucket, string Key) Split(string url)
    {
        var rest = url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return (rest[..slash], rest[(slash + 1)..]);
    }
}

public sealed class ManagedStorageLayoutOnS3Tests(S3DaemonFixture daemon) : ManagedStorageLayoutTests<S3DaemonFixture>(daemon);

public sealed class ManagedStorageLayoutOnLocalTests(LocalDaemonFixture daemon) : ManagedStorageLayoutTests<LocalDaemonFixture>(daemon);
