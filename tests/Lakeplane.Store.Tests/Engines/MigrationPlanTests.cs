using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>Which migrations a database needs, independent of any engine.</summary>
public sealed class MigrationPlanTests
{
    private static Migration Step(int version) => new(version, $"step {version}", "SELECT 1", "SELECT 1");

    [Fact]
    public void Pending_are_the_steps_after_the_database_version_in_order()
    {
        IReadOnlyList<Migration> history = [Step(1), Step(2), Step(3)];

        Assert.Equal([2, 3], MigrationPlan.Pending(history, 1).Select(m => m.Version));
        Assert.Empty(MigrationPlan.Pending(history, 3));
        Assert.Equal([1, 2, 3], MigrationPlan.Pending(history, 0).Select(m => m.Version));
    }

    [Fact]
    public void A_database_ahead_of_the_history_is_refused()
    {
        var refused = Assert.Throws<StoreSchemaTooNewException>(() => MigrationPlan.Pending([Step(1), Step(2)], 3));

        Assert.Equal((3, 2), (refused.DatabaseVersion, refused.KnownVersion));
    }

    [Theory]
    [InlineData(new[] { 1, 3 })]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 0, 1 })]
    public void A_history_with_gaps_or_out_of_order_steps_is_a_programming_error(int[] versions)
    {
        Assert.Throws<InvalidOperationException>(() => MigrationPlan.Pending(versions.Select(Step).ToList(), 0));
    }

    [Fact]
    public void The_shipped_history_is_well_formed()
    {
        Assert.NotEmpty(MigrationPlan.Pending(StoreMigrations.All, 0));
        Assert.All(StoreMigrations.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Sqlite) || string.IsNullOrWhiteSpace(m.Postgres)));
    }
}
