namespace Lakeplane.Daemon.Store;

/// <summary>
/// One step of the schema's history. Both dialects carry the same step under the same version, so
/// a database's version means the same tables whichever engine holds them. Never edit a released
/// migration: add the next version instead.
/// </summary>
/// <param name="Version">1, 2, 3, ... without gaps: the order they apply in.</param>
/// <param name="Description">What the step does, recorded in schema_migrations for whoever inspects the database.</param>
/// <param name="Sqlite">The step's statements for SQLite.</param>
/// <param name="Postgres">The step's statements for PostgreSQL (search_path points at the store's schema).</param>
public sealed record Migration(int Version, string Description, string Sqlite, string Postgres);
