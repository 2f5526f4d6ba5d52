namespace Lakeplane.Store.Tests;

// The conformance suite bound to SQLite, one class per area so xunit runs the areas in parallel.
public sealed class SqliteObjects(SqliteBackend backend) : ObjectConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteVersioning(SqliteBackend backend) : VersioningConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteTransactions(SqliteBackend backend) : TransactionConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteAuditAndIdempotency(SqliteBackend backend) : AuditAndIdempotencyConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteMigrations(SqliteBackend backend) : MigrationConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteConcurrency(SqliteBackend backend) : ConcurrencyConformance(backend), IClassFixture<SqliteBackend>;

public sealed class SqliteConcurrentWrites(SqliteBackend backend) : ConcurrentWriteConformance(backend), IClassFixture<SqliteBackend>;
