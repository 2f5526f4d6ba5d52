using Lakeplane.Resources.Resources.Catalog;
using static Lakeplane.Resources.Tests.Catalog.GrantValues;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>How grant resources compute the per-principal changes they send and decide two privilege sets mean the same.</summary>
public sealed class PrivilegeSetsTests
{
    [Fact]
    public void Diff_adds_and_removes_per_principal_and_leaves_unchanged_principals_out()
    {
        var current = new Dictionary<string, IReadOnlySet<string>>
        {
            ["alice@example.com"] = Privileges("SELECT", "MODIFY"),
            ["bob@example.com"] = Privileges("SELECT"),
            ["carol@example.com"] = Privileges("USE_SCHEMA"),
        };
        var wanted = new Dictionary<string, IReadOnlySet<string>>
        {
            ["alice@example.com"] = Privileges("SELECT", "REFRESH"),
            ["carol@example.com"] = Privileges("USE_SCHEMA"),
            ["analysts"] = Privileges("SELECT"),
        };

        var changes = PrivilegeSets.Diff(current, wanted);

        Assert.Collection(changes,
            c => { Assert.Equal("alice@example.com", c.Principal); Assert.Equal(["REFRESH"], c.Add); Assert.Equal(["MODIFY"], c.Remove); },
            c => { Assert.Equal("analysts", c.Principal); Assert.Equal(["SELECT"], c.Add); Assert.Empty(c.Remove); },
            c => { Assert.Equal("bob@example.com", c.Principal); Assert.Empty(c.Add); Assert.Equal(["SELECT"], c.Remove); });
    }

    [Fact]
    public void Diff_in_a_scope_touches_only_those_principals()
    {
        var current = new Dictionary<string, IReadOnlySet<string>> { ["alice"] = Privileges("SELECT"), ["bob"] = Privileges("SELECT") };
        var wanted = new Dictionary<string, IReadOnlySet<string>> { ["alice"] = Privileges("MODIFY") };

        var change = Assert.Single(PrivilegeSets.Diff(current, wanted, ["alice"]));

        Assert.Equal("alice", change.Principal);
        Assert.Equal(["MODIFY"], change.Add);
        Assert.Equal(["SELECT"], change.Remove);
    }

    [Fact]
    public void Principals_match_without_regard_to_case_and_keep_the_stored_spelling()
    {
        var current = new Dictionary<string, IReadOnlySet<string>> { ["alice@example.com"] = Privileges("SELECT") };
        var wanted = new Dictionary<string, IReadOnlySet<string>> { ["Alice@Example.com"] = Privileges("SELECT", "MODIFY") };

        var change = Assert.Single(PrivilegeSets.Diff(current, wanted));

        Assert.Equal("alice@example.com", change.Principal);
        Assert.Equal(["MODIFY"], change.Add);
        Assert.Empty(change.Remove);
    }

    [Fact]
    public void All_privileges_with_privileges_it_stands_for_is_equivalent_to_all_privileges_alone()
    {
        Assert.True(PrivilegeSets.Equivalent(["ALL_PRIVILEGES", "SELECT", "MODIFY"], ["ALL_PRIVILEGES"], "table"));
        Assert.True(PrivilegeSets.Equivalent(["SELECT", "MODIFY"], ["MODIFY", "SELECT"], "table"));
        // MANAGE is not part of ALL_PRIVILEGES: dropping it is a real difference.
        Assert.False(PrivilegeSets.Equivalent(["ALL_PRIVILEGES", "MANAGE"], ["ALL_PRIVILEGES"], "table"));
        Assert.False(PrivilegeSets.Equivalent(["SELECT"], ["ALL_PRIVILEGES"], "table"));
    }

    [Fact]
    public void State_keeps_the_configured_set_when_the_api_answers_an_equivalent_one()
    {
        var kept = PrivilegeSets.ForState(Privileges("ALL_PRIVILEGES"), Privileges("ALL_PRIVILEGES", "SELECT"), "table");
        Assert.Equal(["ALL_PRIVILEGES", "SELECT"], kept.Order());

        var answered = PrivilegeSets.ForState(Privileges("ALL_PRIVILEGES", "MODIFY"), Privileges("SELECT"), "table");
        Assert.Equal(["ALL_PRIVILEGES", "MODIFY"], answered.Order());
    }

    [Fact]
    public void Revocations_name_what_each_principal_loses()
    {
        var before = new Dictionary<string, IReadOnlySet<string>> { ["bob@example.com"] = Privileges("SELECT", "MODIFY"), ["carol"] = Privileges("SELECT") };
        var after = new Dictionary<string, IReadOnlySet<string>> { ["bob@example.com"] = Privileges("MODIFY"), ["carol"] = Privileges("SELECT", "REFRESH") };

        var revocation = Assert.Single(PrivilegeSets.Revocations(before, after));

        Assert.Equal("bob@example.com", revocation.Principal);
        Assert.Equal(["SELECT"], revocation.Privileges);
    }
}
