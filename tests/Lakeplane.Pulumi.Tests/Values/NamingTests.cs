using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Components;
using Lakeplane.Pulumi.Hosting;
using Lakeplane.Pulumi.Protocol;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Tests.Values;

/// <summary>Names, paths, launch arguments and CIDR carving: the small translations everything else relies on.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("storage_configuration", "lakeplane:index:StorageConfiguration")]
    [InlineData("workspace", "lakeplane:index:Workspace")]
    public void Resource_tokens_are_PascalCase_in_the_index_module(string name, string token) =>
        Assert.Equal(token, PulumiNames.ResourceToken(name));

    [Fact]
    public void Function_tokens_are_get_prefixed() =>
        Assert.Equal("lakeplane:index:getCurrentUser", PulumiNames.FunctionToken("current_user"));

    [Fact]
    public void The_type_comes_from_the_URN_when_the_engine_sends_no_type() =>
        Assert.Equal("lakeplane:index:Network", PulumiNames.TypeOf("", "urn:pulumi:dev::proj::lakeplane:aws:WorkspaceStack$lakeplane:index:Network::net"));

    [Fact]
    public void Paths_and_messages_use_camelCase()
    {
        var path = AttributePath.Of("subnet_ids").Index(1);

        Assert.Equal("subnetIds[1]", PropertyPaths.ToPulumi(path));
        Assert.Equal("customTags[\"cost_center\"]", PropertyPaths.ToPulumi(AttributePath.Of("custom_tags").Key("cost_center")));
        Assert.Equal("Set \"accountId\" or LAKEPLANE_ACCOUNT_ID.", PropertyPaths.ToPulumiText("Set \"account_id\" or LAKEPLANE_ACCOUNT_ID."));
    }

    [Fact]
    public void The_engine_address_is_the_last_positional_argument()
    {
        var parsed = PluginArguments.Parse(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9999", "127.0.0.1:4321"]);

        Assert.Equal("127.0.0.1:4321", parsed.EngineAddress);
        Assert.Null(parsed.SchemaOutput);
        Assert.Equal("schema.json", PluginArguments.Parse(["--schema", "schema.json"]).SchemaOutput);
    }

    [Theory]
    [InlineData("10.20.0.0/16", "10.20.0.0/18", "10.20.64.0/18")]
    [InlineData("10.20.5.7/24", "10.20.5.0/26", "10.20.5.64/26")]
    [InlineData("192.168.0.0/26", "192.168.0.0/28", "192.168.0.16/28")]
    public void Subnets_are_the_first_quarters_of_the_vpc(string vpc, string first, string second)
    {
        var subnets = SubnetCarver.Carve(vpc, 2, out var error);

        Assert.Null(error);
        Assert.Equal([first, second], subnets);
    }
}
