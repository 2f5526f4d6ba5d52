namespace Lakeplane.Daemon.Store;

/// <summary>Decides which migrations a database at a given version still needs, and refuses databases from the future.</summary>
internal static class MigrationPlan
{
    /// <summary>The migrations after <paramref name="databaseVersion"/>, in order.</summary>
    /// <exception cref="StoreSchemaTooNewException">The database is ahead of every migration this code knows.</exception>
    public static IReadOnlyList<Migration> Pending(IReadOnlyList<Migration> migrations, int databaseVersion)
    {
        EnsureContiguous(migrations);
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (databaseVersion > known)
        {
            throw new StoreSchemaTooNewException(databaseVersion, known);
        }

        return migrations.Where(migration => migration.Version > databaseVersion).ToList();
    }

    /// <summary>A gap or a reordering would make a database's version ambiguous, so it is a programming error caught at start.</summary>
    private static void EnsureContiguous(IReadOnlyList<Migration> migrations)
    {
        for (var index = 0; index < migrations.Count; index++)
        {
            if (migrations[index].Version != index + 1)
            {
                throw new InvalidOperationException(
                    $"Migration versions must be 1, 2, 3, ... in order; position {index + 1} holds version {migrations[index].Version}.");
            }
        }
    }
}
