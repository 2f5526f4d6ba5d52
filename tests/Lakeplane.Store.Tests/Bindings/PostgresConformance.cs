namespace Lakeplane.Store.Tests;

// The conformance suite bound to PostgreSQL, one class per area so xunit runs the areas in parallel.
public sealed class PostgresObjects(PostgresBackend backend) : ObjectConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresVersioning(PostgresBackend backend) : VersioningConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresTransactions(PostgresBackend backend) : TransactionConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresAuditAndIdempotency(PostgresBackend backend) : AuditAndIdempotencyConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresMigrations(PostgresBackend backend) : MigrationConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresConcurrency(PostgresBackend backend) : ConcurrencyConformance(backend), IClassFixture<PostgresBackend>;

public sealed class PostgresConcurrentWrites(PostgresBackend backend) : ConcurrentWriteConformance(backend), IClassFixture<PostgresBackend>;
