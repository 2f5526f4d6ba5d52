using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>Malformed import ids are refused with the expected form, before the daemon is asked anything.</summary>
public sealed class ImportIdTests
{
    // Nothing listens here: a test that reached the daemon would fail with a connection error instead.
    private static ResourceContext Unreachable() => new(new LakeplaneConnection("http://127.0.0.1:9", "token", "account"), _ => { });

    [Theory]
    [InlineData("1234")]
    [InlineData("abc/t-1")]
    [InlineData("1234/")]
    [InlineData("1/2/3")]
    public async Task Token_import_id_is_workspace_id_slash_token_id(string id)
    {
        var error = await Assert.ThrowsAsync<ResourceException>(() => new TokenResource().ImportAsync(Unreachable(), id, CancellationToken.None));
        Assert.Equal("Invalid import id", error.Diagnostic.Summary);
        Assert.Contains("\"<workspace_id>/<token_id>\"", error.Diagnostic.Detail);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("-5")]
    public async Task Workspace_import_id_is_its_numeric_id(string id)
    {
        var error = await Assert.ThrowsAsync<ResourceException>(() => new WorkspaceResource().ImportAsync(Unreachable(), id, CancellationToken.None));
        Assert.Contains("workspace_id, a number", error.Diagnostic.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234/")]
    [InlineData("abc/1125-093000-ab12cd34")]
    [InlineData("1/2/3")]
    public async Task Cluster_import_id_is_its_cluster_id_or_workspace_id_slash_cluster_id(string id)
    {
        var error = await Assert.ThrowsAsync<ResourceException>(() => new ClusterResource().ImportAsync(Unreachable(), id, CancellationToken.None));
        Assert.Equal("Invalid import id", error.Diagnostic.Summary);
        Assert.Contains("\"<workspace_id>/<cluster_id>\"", error.Diagnostic.Detail);
    }
}
