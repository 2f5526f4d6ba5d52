using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.Contract;

namespace Lakeplane.Catalog.Tests.Privileges;

/// <summary>Privilege spelling, applicability, grant changes, names, locations and page tokens.</summary>
public sealed class PrivilegeNamesTests
{
    [Theory]
    [InlineData("USE CATALOG", "USE_CATALOG")]
    [InlineData("use_catalog", "USE_CATALOG")]
    [InlineData(" all privileges ", "ALL_PRIVILEGES")]
    [InlineData("Read Volume", "READ_VOLUME")]
    public void PrivilegesAreNormalisedToTheApiSpelling(string given, string expected) =>
        Assert.Equal(expected, Privilege.Normalise("privilege", given));

    /// <summary>The daemon enforces the API contract's table (which the providers check configurations against too), read
    /// under each securable type's path name: a type the contract does not know would have no privileges at all.</summary>
    [Fact]
    public void Every_securable_type_of_the_daemon_is_a_securable_type_of_the_api_contract_with_privileges()
    {
        Assert.Equal(UnityCatalogPrivileges.SecurableTypes, Enum.GetValues<SecurableType>().Select(type => type.ToPathName()));
        foreach (var type in Enum.GetValues<SecurableType>())
        {
            Assert.NotEmpty(UnityCatalogPrivileges.For(type.ToPathName()));
        }
        Assert.True(Privilege.AppliesToType(Privilege.Select, SecurableType.Table));
        Assert.False(Privilege.AppliesToType(Privilege.Select, SecurableType.Volume));
    }

    [Fact]
    public void Unknown_privilege_is_refused_naming_it()
    {
        var error = Assert.Throws<LakeplaneException>(() => Privilege.Normalise("changes[0].add[0]", "SELEKT"));
        Assert.Equal("changes[0].add[0]", error.Field);
        Assert.Contains("'SELEKT' is not a Unity Catalog privilege", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT", SecurableType.Volume)]
    [InlineData("USE_CATALOG", SecurableType.Schema)]
    [InlineData("CREATE_CATALOG", SecurableType.Catalog)]
    [InlineData("READ_VOLUME", SecurableType.Table)]
    [InlineData("ALL_PRIVILEGES", SecurableType.Metastore)]
    public void PrivilegeNotApplicableToTheTypeIsRefused(string privilege, SecurableType type)
    {
        var error = Assert.Throws<LakeplaneException>(() => Privilege.NormaliseFor("add", privilege, type));
        Assert.Contains($"{privilege} cannot be granted on a {type.ToLabel()}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT", SecurableType.Catalog)]
    [InlineData("SELECT", SecurableType.Table)]
    [InlineData("USE_SCHEMA", SecurableType.Catalog)]
    [InlineData("CREATE_EXTERNAL_TABLE", SecurableType.ExternalLocation)]
    [InlineData("CREATE_STORAGE_CREDENTIAL", SecurableType.Metastore)]
    [InlineData("WRITE_VOLUME", SecurableType.Volume)]
    public void PrivilegeApplicableToTheTypeIsAccepted(string privilege, SecurableType type) =>
        Assert.Equal(privilege, Privilege.NormaliseFor("add", privilege, type));

    [Fact]
    public void Grant_changes_add_then_remove_and_drop_empty_principals()
    {
        var grants = GrantSet.Empty.Apply("bob", ["SELECT", "MODIFY"], []).Apply("alice", ["SELECT"], []);
        grants = grants.Apply("bob", ["USE_SCHEMA"], ["MODIFY", "BROWSE"]).Apply("alice", [], ["SELECT"]);
        Assert.Equal(["bob"], grants.Assignments.Select(a => a.Key));
        Assert.Equal(["SELECT", "USE_SCHEMA"], grants.PrivilegesOf("bob"));
    }

    [Theory]
    [InlineData("securable_type", "storage-credential", SecurableType.StorageCredential)]
    [InlineData("securable_type", "EXTERNAL_LOCATION", SecurableType.ExternalLocation)]
    [InlineData("securable_type", "Catalog", SecurableType.Catalog)]
    public void SecurableTypesParseInEverySpelling(string field, string value, SecurableType expected) =>
        Assert.Equal(expected, SecurableTypes.Parse(field, value));

    [Theory]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("")]
    public void BadNamesAreRefusedNamingTheField(string name)
    {
        var error = Assert.Throws<LakeplaneException>(() => CatalogNames.Securable("name", name));
        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Names_are_lower_cased_and_full_names_need_every_level()
    {
        Assert.Equal("sales", CatalogNames.Securable("name", "Sales"));
        Assert.Equal(["main", "sales", "orders"], CatalogNames.FullName("full_name", "Main.sales.ORDERS", 3));
        var error = Assert.Throws<LakeplaneException>(() => CatalogNames.FullName("full_name", "main.sales", 3));
        Assert.Contains("catalog.schema.name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://bucket/a", "s3://bucket/a/b", true)]
    [InlineData("s3://bucket/a/", "s3://Bucket/a", true)]
    [InlineData("s3://bucket/a", "s3://bucket/ab", false)]
    [InlineData("s3://bucket", "s3://bucket/x", true)]
    [InlineData("s3://bucket/a", "s3://other/a", false)]
    public void LocationsOverlapAtPathBoundaries(string a, string b, bool overlap) =>
        Assert.Equal(overlap, StorageUrls.Overlap(StorageUrls.Normalise("url", a), StorageUrls.Normalise("url", b)));

    [Fact]
    public void Non_S3_location_is_refused()
    {
        var error = Assert.Throws<LakeplaneException>(() => StorageUrls.Normalise("url", "https://bucket/a"));
        Assert.Equal("url", error.Field);
    }

    [Fact]
    public void Page_tokens_round_trip_and_bad_ones_are_refused()
    {
        var rows = Enumerable.Range(0, 3).Select(i => new Lakeplane.Daemon.Store.StoredObject("k", "id" + i, "a", "s", "name " + i, 1, "{}", default, default)).ToList();
        var token = CatalogPaging.Next(rows, 3);
        Assert.Equal(("name 2", "id2"), CatalogPaging.After(token));
        Assert.Equal("", CatalogPaging.Next(rows, 4));
        Assert.Equal("page_token", Assert.Throws<LakeplaneException>(() => CatalogPaging.After("!!not-a-token")).Field);
    }
}
