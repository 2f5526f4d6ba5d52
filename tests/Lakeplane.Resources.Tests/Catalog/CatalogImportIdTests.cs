using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Catalog;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>Malformed import ids of the catalog resources are refused with the expected form, before the daemon is asked anything.</summary>
public sealed class CatalogImportIdTests
{
    // Nothing listens here: a test that reached the daemon would fail with a connection error instead.
    private static ResourceContext Unreachable() => new(new LakeplaneConnection("http://127.0.0.1:9", "token", "account"), _ => { });

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "catalog", "main", "\"<workspace_id>/<catalog name>\"" },
        { "catalog", "abc/main", "\"<workspace_id>/<catalog name>\"" },
        { "catalog", "42/", "\"<workspace_id>/<catalog name>\"" },
        { "schema", "42/main", "is not a schema's full name" },
        { "table", "42/main.sales", "is not a table's full name" },
        { "volume", "main.sales.landing", "\"<workspace_id>/<catalog>.<schema>.<volume>\"" },
        { "storage_credential", "s3-access", "\"<workspace_id>/<credential name>\"" },
        { "external_location", "landing", "\"<workspace_id>/<location name>\"" },
        { "metastore_assignment", "42/8f2c", "\"<workspace_id>|<metastore_id>\"" },
        { "grants", "42/catalog", "\"<workspace_id>/<securable_type>/<full_name>\"" },
        { "grants", "42/cluster/main", "securable_type is one of metastore, catalog, schema" },
        { "grants", "catalog/main", "\"<workspace_id>/<securable_type>/<full_name>\"" },
        { "grant", "42/table/main.sales.orders", "\"<workspace_id>/<securable_type>/<full_name>/<principal>\"" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_import_id_names_the_expected_form(string resource, string id, string expected)
    {
        var definition = new LakeplaneProvider(_ => null).Resources.Single(r => r.Name == resource);

        var error = await Assert.ThrowsAsync<ResourceException>(() => definition.ImportAsync(Unreachable(), id, CancellationToken.None));

        Assert.Equal("Invalid import id", error.Diagnostic.Summary);
        Assert.Contains(expected, error.Diagnostic.Detail);
    }

    [Fact]
    public void Grant_import_id_keeps_slashes_of_the_principal_and_reads_the_securable_type()
    {
        var (workspaceId, securable, principal) = GrantCalls.ParseImportId("42/external_location/landing-zone/team/ingest", withPrincipal: true);

        Assert.Equal(42, workspaceId);
        Assert.Equal(SecurableKind.ExternalLocation, securable.Kind);
        Assert.Equal("landing-zone", securable.FullName);
        Assert.Equal("team/ingest", principal);
    }
}
