using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// Catalog objects, users and grants made behind terraform's back through the daemon's API, as an
/// administrator at the console would: the setting grant tests work in, grants to detect as drift,
/// and what must be gone after a destroy.
/// </summary>
public sealed class CatalogOutOfBand(LakeplaneConnection client)
{
    private readonly OutOfBand _account = new(client);

    /// <summary>A RUNNING workspace in <paramref name="region"/> with a metastore of its own assigned (one metastore per region per account, so each test class takes its own region).</summary>
    public async Task<(long WorkspaceId, string MetastoreId)> WorkspaceWithMetastoreAsync(string prefix, string region)
    {
        var credentials = await _account.CreateCredentialsAsync($"{prefix}-credentials");
        var storage = await _account.CreateStorageAsync($"{prefix}-storage", $"{prefix}-root");
        var workspace = await _account.CreateRunningWorkspaceAsync($"{prefix}-workspace", credentials.CredentialsId, storage.StorageConfigurationId, "",
            new Dictionary<string, string>(), region);
        var metastore = await client.Catalog.CreateMetastoreAsync(new CreateMetastoreRequest
        {
            Name = $"{prefix}-metastore", Region = region, StorageRoot = $"s3://{prefix}-metastore/root", RequestId = Guid.NewGuid().ToString(),
        });
        await client.Catalog.AssignMetastoreAsync(new AssignMetastoreRequest
        {
            WorkspaceId = workspace.WorkspaceId, MetastoreId = metastore.MetastoreId, RequestId = Guid.NewGuid().ToString(),
        });
        return (workspace.WorkspaceId, metastore.MetastoreId);
    }

    public async Task CreateCatalogSchemaTableAsync(long workspaceId, string catalog, string schema, string table)
    {
        await client.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = workspaceId, Name = catalog, RequestId = Guid.NewGuid().ToString() });
        await client.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = workspaceId, CatalogName = catalog, Name = schema, RequestId = Guid.NewGuid().ToString() });
        await client.Catalog.CreateTableAsync(new CreateTableRequest
        {
            WorkspaceId = workspaceId, CatalogName = catalog, SchemaName = schema, Name = table, RequestId = Guid.NewGuid().ToString(),
            Columns = { new ColumnInfo { Name = "id", TypeText = "bigint", TypeName = "LONG", Position = 0 } },
        });
    }

    /// <summary>A SQL function catalog.schema.name(x INT) RETURNS INT, made through the API.</summary>
    public Task<FunctionInfo> CreateFunctionAsync(long workspaceId, string catalog, string schema, string name) =>
        client.Catalog.CreateFunctionAsync(new CreateFunctionRequest
        {
            WorkspaceId = workspaceId, RequestId = Guid.NewGuid().ToString(),
            FunctionInfo = new FunctionInfo
            {
                Name = name, CatalogName = catalog, SchemaName = schema, DataType = "INT", FullDataType = "int", RoutineBody = "SQL", RoutineDefinition = "x + 1",
                InputParams = new FunctionParameterInfos { Parameters = { new FunctionParameterInfo { Name = "x", TypeName = "INT", TypeText = "int" } } },
            },
        }).ResponseAsync;

    /// <summary>A user of the account, as grants name it (its user name).</summary>
    public async Task<string> CreateUserAsync(string userName)
    {
        var user = await client.Identity.CreateUserAsync(new CreateUserRequest { AccountId = client.AccountId, UserName = userName, RequestId = Guid.NewGuid().ToString() });
        return user.UserName;
    }

    public Task<PermissionsList> ChangeGrantsAsync(long workspaceId, string securableType, string fullName, string principal, string[] add, string[] remove) =>
        client.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = workspaceId, SecurableType = securableType, FullName = fullName, RequestId = Guid.NewGuid().ToString(),
            Changes = { new PermissionsChange { Principal = principal, Add = { add }, Remove = { remove } } },
        }).ResponseAsync;

    /// <summary>Principal → privileges granted directly on the securable.</summary>
    public async Task<Dictionary<string, string[]>> GrantsAsync(long workspaceId, string securableType, string fullName)
    {
        var list = await client.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = workspaceId, SecurableType = securableType, FullName = fullName });
        return list.PrivilegeAssignments.ToDictionary(a => a.Principal, a => a.Privileges.Order(StringComparer.Ordinal).ToArray());
    }

    public async Task<bool> CatalogExistsAsync(long workspaceId, string name)
    {
        try
        {
            await client.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = workspaceId, Name = name });
            return true;
        }
        catch (RpcException e) when (LakeplaneError.Decode(e).ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return false;
        }
    }

    public Task DeleteVolumeAsync(long workspaceId, string fullName) =>
        client.Catalog.DeleteVolumeAsync(new DeleteVolumeRequest { WorkspaceId = workspaceId, Name = fullName, RequestId = Guid.NewGuid().ToString() }).ResponseAsync;
}
