using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

public abstract class NetworkTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task A_new_network_is_unattached()
    {
        var network = await Fixtures.NetworkAsync(daemon.Connect());
        Assert.Equal("UNATTACHED", network.VpcStatus);
        Assert.Equal(0, network.WorkspaceId);
        Assert.Equal(Fixtures.SubnetIds, network.SubnetIds);
        Assert.Equal(Fixtures.SecurityGroupIds, network.SecurityGroupIds);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    public async Task Network_name_is_4_to_256_characters(string name)
    {
        var lakeplane = daemon.Connect();
        var request = Fixtures.NetworkRequest(lakeplane);
        request.NetworkName = name;
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "network_name", () => lakeplane.Account.CreateNetworkAsync(request));
        request.NetworkName = new string('n', 257);
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "network_name", () => lakeplane.Account.CreateNetworkAsync(request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("vpc-123")]
    [InlineData("vpc-0A1B2C3D")]
    [InlineData("vpc-0a1b2c3d4")]
    [InlineData("subnet-0a1b2c3d")]
    [InlineData("vpc_0a1b2c3d")]
    public async Task Vpc_id_is_a_vpc_id(string vpcId)
    {
        var lakeplane = daemon.Connect();
        var request = Fixtures.NetworkRequest(lakeplane);
        request.VpcId = vpcId;
        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "vpc_id", () => lakeplane.Account.CreateNetworkAsync(request));
        Assert.Contains("vpc-", detail.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subnet-0a1b2c3d")]
    [InlineData("")]
    [InlineData("subnet-0a1b2c3d,subnet-xyz")]
    [InlineData("subnet-0a1b2c3d,sg-0a1b2c3d")]
    [InlineData("subnet-0a1b2c3d,subnet-0a1b2c3d")]
    public async Task Subnet_ids_are_at_least_two_distinct_subnet_ids(string subnets)
    {
        var lakeplane = daemon.Connect();
        var request = Fixtures.NetworkRequest(lakeplane);
        request.SubnetIds.Clear();
        request.SubnetIds.Add(subnets.Split(',', StringSplitOptions.RemoveEmptyEntries));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "subnet_ids", () => lakeplane.Account.CreateNetworkAsync(request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sg-00000001,sg-00000002,sg-00000003,sg-00000004,sg-00000005,sg-00000006")]
    [InlineData("sg-0000000g")]
    [InlineData("vpc-00000001")]
    [InlineData("sg-00000001,sg-00000001")]
    public async Task Security_group_ids_are_one_to_five_distinct_sg_ids(string groups)
    {
        var lakeplane = daemon.Connect();
        var request = Fixtures.NetworkRequest(lakeplane);
        request.SecurityGroupIds.Clear();
        request.SecurityGroupIds.Add(groups.Split(',', StringSplitOptions.RemoveEmptyEntries));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "security_group_ids", () => lakeplane.Account.CreateNetworkAsync(request));
    }

    [Fact]
    public async Task Five_security_groups_and_17_digit_ids_are_accepted()
    {
        var lakeplane = daemon.Connect();
        var request = Fixtures.NetworkRequest(lakeplane);
        request.SubnetIds.Clear();
        request.SubnetIds.Add(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]);
        request.SecurityGroupIds.Clear();
        request.SecurityGroupIds.Add(["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005"]);
        var network = await lakeplane.Account.CreateNetworkAsync(request);
        Assert.Equal(5, network.SecurityGroupIds.Count);
    }

    [Fact]
    public async Task Network_names_are_unique()
    {
        var lakeplane = daemon.Connect();
        var first = await Fixtures.NetworkAsync(lakeplane);
        var request = Fixtures.NetworkRequest(lakeplane);
        request.NetworkName = first.NetworkName;
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "network_name", () => lakeplane.Account.CreateNetworkAsync(request));
    }

    [Fact]
    public async Task Rest_uses_the_databricks_shapes()
    {
        using var http = daemon.Http();
        var name = Unique.Name("network");
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync(daemon.AccountPath("networks"), new
        {
            network_name = name, vpc_id = Fixtures.VpcId, subnet_ids = Fixtures.SubnetIds, security_group_ids = Fixtures.SecurityGroupIds,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("network_id").GetString()!;
        Assert.Equal("UNATTACHED", created.GetProperty("vpc_status").GetString());
        Assert.Equal(2, created.GetProperty("subnet_ids").GetArrayLength());
        var list = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("networks")));
        Assert.Contains(list.EnumerateArray(), n => n.GetProperty("network_id").GetString() == id);

        var message = await Expect.RestErrorAsync(await http.PostAsJsonAsync(daemon.AccountPath("networks"), new
        {
            network_name = Unique.Name("network"), vpc_id = Fixtures.VpcId, subnet_ids = new[] { "subnet-0a1b2c3d" }, security_group_ids = Fixtures.SecurityGroupIds,
        }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("subnet_ids", message, StringComparison.Ordinal);
    }
}

public sealed class NetworkTestsOnSqlite(DaemonFixture daemon) : NetworkTests<DaemonFixture>(daemon);

public sealed class NetworkTestsOnPostgres(PostgresDaemonFixture daemon) : NetworkTests<PostgresDaemonFixture>(daemon);
