namespace Lakeplane.Daemon.Store;

/// <summary>The schema's history, oldest first. Append only.</summary>
public static class StoreMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new Migration(
            1,
            "objects, audit log and idempotency records",
            Sqlite: """
                -- Names are unique per (kind, account, scope) only when given: objects such as tokens have none.
                CREATE TABLE objects (
                    kind       TEXT    NOT NULL,
                    id         TEXT    NOT NULL,
                    account_id TEXT    NOT NULL,
                    scope      TEXT    NOT NULL,
                    name       TEXT    NOT NULL,
                    version    INTEGER NOT NULL,
                    body       TEXT    NOT NULL,
                    created_at INTEGER NOT NULL, -- microseconds since the Unix epoch, UTC
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX objects_name_unique ON objects (kind, account_id, scope, name) WHERE name <> '';
                CREATE INDEX objects_by_account_name ON objects (kind, account_id, name, id);
                CREATE INDEX objects_by_scope_name ON objects (kind, account_id, scope, name, id);

                CREATE TABLE audit (
                    seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a sequence is never reused
                    time       INTEGER NOT NULL,
                    account_id TEXT    NOT NULL,
                    actor      TEXT    NOT NULL,
                    action     TEXT    NOT NULL,
                    kind       TEXT    NOT NULL,
                    object_id  TEXT    NOT NULL,
                    details    TEXT    NOT NULL
                );
                CREATE INDEX audit_by_account ON audit (account_id, seq);

                CREATE TABLE idempotency (
                    account_id TEXT    NOT NULL,
                    request_id TEXT    NOT NULL,
                    operation  TEXT    NOT NULL,
                    object_id  TEXT    NOT NULL,
                    response   TEXT    NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (account_id, request_id)
                ) WITHOUT ROWID;
                """,
            Postgres: """
                -- COLLATE "C": names and ids sort by code point, exactly as SQLite's BINARY collation does,
                -- so paging returns the same order on both engines whatever the database's locale.
                CREATE TABLE objects (
                    kind       text COLLATE "C" NOT NULL,
                    id         text COLLATE "C" NOT NULL,
                    account_id text COLLATE "C" NOT NULL,
                    scope      text COLLATE "C" NOT NULL,
                    name       text COLLATE "C" NOT NULL,
                    version    bigint      NOT NULL,
                    body       text        NOT NULL,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (kind, id)
                );
                CREATE UNIQUE INDEX objects_name_unique ON objects (kind, account_id, scope, name) WHERE name <> '';
                CREATE INDEX objects_by_account_name ON objects (kind, account_id, name, id);
                CREATE INDEX objects_by_scope_name ON objects (kind, account_id, scope, name, id);

                CREATE TABLE audit (
                    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    time       timestamptz NOT NULL,
                    account_id text COLLATE "C" NOT NULL,
                    actor      text NOT NULL,
                    action     text NOT NULL,
                    kind       text NOT NULL,
                    object_id  text NOT NULL,
                    details    text NOT NULL
                );
                CREATE INDEX audit_by_account ON audit (account_id, seq);

                CREATE TABLE idempotency (
                    account_id text COLLATE "C" NOT NULL,
                    request_id text COLLATE "C" NOT NULL,
                    operation  text NOT NULL,
                    object_id  text NOT NULL,
                    response   text NOT NULL,
                    created_at timestamptz NOT NULL,
                    PRIMARY KEY (account_id, request_id)
                );
                """),
    ];
}
