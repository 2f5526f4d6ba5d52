using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;

namespace Lakeplane.Catalog.Tests.Privileges;

/// <summary>The privilege engine on hand-built paths: inheritance, ownership, admins, groups, ALL_PRIVILEGES.</summary>
public sealed class PrivilegeEvaluatorTests
{
    private static readonly GrantIdentity Alice = Who("alice@example.com");
    private static readonly GrantIdentity Bob = Who("bob@example.com", "analysts", "everyone");

    private static GrantIdentity Who(string name, params string[] groups) =>
        new("acct", name, new HashSet<string>(groups, StringComparer.Ordinal), false);

    private static GrantSet Grants(params (string Principal, string[] Privileges)[] grants) =>
        GrantSet.From(grants.Select(g => new KeyValuePair<string, IEnumerable<string>>(g.Principal, g.Privileges)));

    private static SecurablePath Table(GrantSet? metastore = null, GrantSet? catalog = null, GrantSet? schema = null, GrantSet? table = null,
        string metastoreOwner = "metastore-admins", string catalogOwner = "carol", string schemaOwner = "carol", string tableOwner = "carol") =>
        SecurablePath.OfMetastore(new Securable(SecurableType.Metastore, "m1", "m1", metastoreOwner, metastore ?? GrantSet.Empty))
            .Child(new Securable(SecurableType.Catalog, "c1", "main", catalogOwner, catalog ?? GrantSet.Empty))
            .Child(new Securable(SecurableType.Schema, "s1", "main.sales", schemaOwner, schema ?? GrantSet.Empty))
            .Child(new Securable(SecurableType.Table, "t1", "main.sales.orders", tableOwner, table ?? GrantSet.Empty));

    private static SecurablePath Up(SecurablePath path, int levels) => new(path.Metastore, path.Nodes.Take(path.Nodes.Count - levels).ToList());

    [Fact]
    public void Catalog_grant_reaches_tables_but_metastore_grant_does_not()
    {
        var viaCatalog = Table(catalog: Grants(("alice@example.com", ["SELECT", "USE_SCHEMA"])));
        Assert.True(PrivilegeEvaluator.Holds(Alice, viaCatalog, Privilege.Select));
        Assert.True(PrivilegeEvaluator.Holds(Alice, Up(viaCatalog, 1), Privilege.UseSchema));

        // Even a privilege that would apply to a table does not flow from the metastore.
        var viaMetastore = Table(metastore: Grants(("alice@example.com", ["SELECT", "CREATE_CATALOG"])));
        Assert.False(PrivilegeEvaluator.Holds(Alice, viaMetastore, Privilege.Select));
        Assert.True(PrivilegeEvaluator.Holds(Alice, SecurablePath.OfMetastore(viaMetastore.Metastore), Privilege.CreateCatalog));
    }

    [Fact]
    public void A_privilege_stays_on_the_types_it_applies_to()
    {
        var path = Table(catalog: Grants(("alice@example.com", ["USE_CATALOG"])));
        Assert.True(PrivilegeEvaluator.Holds(Alice, Up(path, 2), Privilege.UseCatalog));
        // USE_CATALOG is not a schema or table privilege: nothing below the catalog holds it.
        Assert.False(PrivilegeEvaluator.Holds(Alice, Up(path, 1), Privilege.UseCatalog));
        Assert.False(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
    }

    [Fact]
    public void Schema_grant_reaches_its_tables_only()
    {
        var path = Table(schema: Grants(("alice@example.com", ["MODIFY"])));
        Assert.True(PrivilegeEvaluator.Holds(Alice, path, Privilege.Modify));
        Assert.False(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
        Assert.False(PrivilegeEvaluator.Holds(Alice, Up(path, 2), Privilege.Modify));
    }

    [Fact]
    public void Group_grants_apply_to_members()
    {
        var path = Table(table: Grants(("analysts", ["SELECT"])));
        Assert.True(PrivilegeEvaluator.Holds(Bob, path, Privilege.Select));
        Assert.False(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
    }

    [Fact]
    public void Owners_hold_everything_on_their_securable_and_below_but_not_above()
    {
        var path = Table(catalogOwner: "carol", schemaOwner: "carol", tableOwner: "alice@example.com");
        Assert.True(PrivilegeEvaluator.Holds(Alice, path, Privilege.Manage));
        Assert.True(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
        Assert.False(PrivilegeEvaluator.Holds(Alice, Up(path, 1), Privilege.UseSchema));

        var ownedCatalog = Table(catalogOwner: "analysts");
        Assert.True(PrivilegeEvaluator.Holds(Bob, ownedCatalog, Privilege.Manage));
        Assert.True(PrivilegeEvaluator.Holds(Bob, Up(ownedCatalog, 1), Privilege.UseSchema));
    }

    [Fact]
    public void Metastore_admins_are_the_owner_group_and_account_admins()
    {
        var path = Table(metastoreOwner: "everyone");
        Assert.True(PrivilegeEvaluator.Holds(Bob, path, Privilege.Select));
        Assert.False(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
        var accountAdmin = new GrantIdentity("acct", "root", new HashSet<string>(), true);
        Assert.True(PrivilegeEvaluator.Holds(accountAdmin, path, Privilege.Manage));
        Assert.True(PrivilegeEvaluator.IsMetastoreAdmin(accountAdmin, path.Metastore));
    }

    [Fact]
    public void ALL_PRIVILEGES_expands_to_the_types_privileges_except_MANAGE()
    {
        var path = Table(catalog: Grants(("alice@example.com", ["ALL_PRIVILEGES"])));
        Assert.True(PrivilegeEvaluator.Holds(Alice, path, Privilege.Select));
        Assert.True(PrivilegeEvaluator.Holds(Alice, path, Privilege.Modify));
        Assert.True(PrivilegeEvaluator.Holds(Alice, Up(path, 1), Privilege.CreateTable));
        Assert.True(PrivilegeEvaluator.Holds(Alice, Up(path, 2), Privilege.UseCatalog));
        Assert.False(PrivilegeEvaluator.Holds(Alice, path, Privilege.Manage));
        Assert.False(PrivilegeEvaluator.Holds(Alice, Up(path, 1), Privilege.ExternalUseSchema));
    }

    [Fact]
    public void Denial_names_the_privilege_and_the_securable()
    {
        var path = Table(catalog: Grants(("alice@example.com", ["USE_CATALOG"])));
        var error = Assert.Throws<LakeplaneException>(() => PrivilegeEvaluator.Require(Alice, "User alice@example.com", Up(path, 1), Privilege.UseSchema));
        Assert.Equal(ErrorCode.PermissionDenied, error.Code);
        Assert.Equal("User alice@example.com does not have USE_SCHEMA on schema main.sales.", error.Message);
    }

    [Fact]
    public void BROWSE_on_the_catalog_shows_everything_inside_but_USE_SCHEMA_does_not_show_tables()
    {
        Assert.True(PrivilegeEvaluator.MaySee(Alice, Table(catalog: Grants(("alice@example.com", ["BROWSE"])))));
        Assert.False(PrivilegeEvaluator.MaySee(Alice, Table(schema: Grants(("alice@example.com", ["USE_SCHEMA"])))));
        Assert.True(PrivilegeEvaluator.MaySee(Alice, Table(schema: Grants(("alice@example.com", ["SELECT"])))));
        Assert.True(PrivilegeEvaluator.MaySee(Alice, Table(table: Grants(("alice@example.com", ["MODIFY"])))));
        Assert.False(PrivilegeEvaluator.MaySee(Alice, Table(table: Grants(("bob@example.com", ["MODIFY"])))));
    }

    [Fact]
    public void Effective_permissions_say_where_each_privilege_comes_from()
    {
        var path = Table(
            metastore: Grants(("analysts", ["CREATE_CATALOG"])),
            catalog: Grants(("analysts", ["USE_CATALOG", "SELECT"])),
            schema: Grants(("bob@example.com", ["USE_SCHEMA", "MODIFY"])),
            table: Grants(("bob@example.com", ["SELECT"]), ("alice@example.com", ["SELECT"])));
        var effective = PrivilegeEvaluator.Effective(path, Bob.IsCoveredBy);
        Assert.Equal(["analysts", "bob@example.com"], effective.Select(e => e.Principal));
        var analysts = effective[0].Privileges.Select(p => (p.Privilege, p.InheritedFrom?.FullName)).ToList();
        Assert.Equal([("SELECT", "main")], analysts);
        var bob = effective[1].Privileges.Select(p => (p.Privilege, p.InheritedFrom?.FullName)).ToList();
        Assert.Equal([("SELECT", null), ("MODIFY", "main.sales")], bob);
    }

    [Fact]
    public void Effective_permissions_report_owners_as_holding_everything_from_what_they_own()
    {
        var path = Table(schemaOwner: "analysts", tableOwner: "bob@example.com");
        var effective = PrivilegeEvaluator.Effective(path, Bob.IsCoveredBy);
        Assert.Equal(["analysts", "bob@example.com"], effective.Select(e => e.Principal));
        Assert.Equal([("ALL_PRIVILEGES", "main.sales", true), ("MANAGE", "main.sales", true)],
            effective[0].Privileges.Select(p => (p.Privilege, p.InheritedFrom?.FullName, p.FromOwnership)));
        Assert.Equal([("ALL_PRIVILEGES", (string?)null, true), ("MANAGE", null, true)],
            effective[1].Privileges.Select(p => (p.Privilege, p.InheritedFrom?.FullName, p.FromOwnership)));

        // Everyone's: the metastore's owner (its admin) holds them from the metastore.
        var all = PrivilegeEvaluator.Effective(path, reaches: null);
        Assert.Contains(all, e => e.Principal == "metastore-admins" && e.Privileges.All(p => p.FromOwnership && p.InheritedFrom!.Type == SecurableType.Metastore));
        var onMetastore = PrivilegeEvaluator.Effective(SecurablePath.OfMetastore(path.Metastore), reaches: null).Single();
        Assert.Equal(["CREATE_CATALOG", "CREATE_CONNECTION", "CREATE_EXTERNAL_LOCATION", "CREATE_STORAGE_CREDENTIAL"], onMetastore.Privileges.Select(p => p.Privilege));
    }
}
