"""Named, ordered migrations, each applied in its own transaction (as sqlite-utils does).

A migration is applied once; its name is recorded in ``parley_migrations``. Never edit a migration
that has shipped: add a new one. Migrations that add columns must check for the column first,
because a fresh store gets the current tables from ``0001_tables``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text

from . import schema


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _tables(conn: Connection) -> None:
    schema.metadata.create_all(conn)


_SQLITE_FTS = [
    # Full-text indexes as external-content FTS5 tables kept in step by triggers.
    """CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text); END""",
    """CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
        speaker, text, content='statements', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS statements_fts_ai AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, speaker, text) VALUES (new.rowid, new.speaker, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS statements_fts_ad AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, speaker, text)
        VALUES ('delete', old.rowid, old.speaker, old.text); END""",
    """CREATE TRIGGER IF NOT EXISTS statements_fts_au AFTER UPDATE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, speaker, text)
        VALUES ('delete', old.rowid, old.speaker, old.text);
        INSERT INTO statements_fts(rowid, speaker, text) VALUES (new.rowid, new.speaker, new.text); END""",
]

_POSTGRES_FTS = [
    # 'simple' configuration: no stemming, so English, Russian and Ukrainian behave alike.
    """ALTER TABLE documents ADD COLUMN IF NOT EXISTS tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_documents_tsv ON documents USING GIN (tsv)",
    """ALTER TABLE statements ADD COLUMN IF NOT EXISTS tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(speaker, '') || ' ' || text)) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_statements_tsv ON statements USING GIN (tsv)",
]


def _full_text(conn: Connection) -> None:
    statements = _SQLITE_FTS if conn.dialect.name == "sqlite" else _POSTGRES_FTS
    for sql in statements:
        conn.execute(text(sql))


def _meta(conn: Connection) -> None:
    schema.meta.create(conn, checkfirst=True)


#: Columns first declared with a length that real values exceed (rule-set stamps, actor ids,
#: event ids from other datasets): PostgreSQL enforces VARCHAR lengths, SQLite does not.
_UNBOUNDED = (
    ("statements", "actor_id"),
    ("statements", "extractor"),
    ("statements", "coder"),
    ("statement_topics", "topic"),
    ("events", "id"),
    ("documents", "reader"),
)


def _unbounded_text(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return  # SQLite stores any length in any text column
    for table, column in _UNBOUNDED:
        conn.execute(text(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE TEXT'))


def _extraction_state(conn: Connection) -> None:
    """``documents.extraction``: whether a document's statements were read ("done"), were over the
    per-document budget ("too_long") or failed ("failed"); NULL when not read yet. Documents that
    already have statements are "done"; the others are left for `parley extract --pending`."""
    cols = {c["name"] for c in inspect(conn).get_columns("documents")}
    if "extraction" not in cols:
        conn.execute(text("ALTER TABLE documents ADD COLUMN extraction TEXT"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_extraction ON documents (extraction)"))
    conn.execute(text(
        "UPDATE documents SET extraction = 'done' WHERE extraction IS NULL "
        "AND id IN (SELECT DISTINCT doc_id FROM statements)"
    ))
    if conn.dialect.name == "sqlite":
        # re-index a document's text only when its title or text change, not its state
        conn.execute(text("DROP TRIGGER IF EXISTS documents_fts_au"))
        conn.execute(text("""CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"""))


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_tables", _tables),
    Migration("0002_full_text", _full_text),
    Migration("0003_meta", _meta),
    Migration("0004_unbounded_text", _unbounded_text),
    Migration("0005_extraction_state", _extraction_state),
)


def applied(conn: Connection) -> set[str]:
    if not inspect(conn).has_table(schema.migrations.name):
        return set()
    return {row[0] for row in conn.execute(schema.migrations.select().with_only_columns(schema.migrations.c.name))}


#: the PostgreSQL advisory lock key migrations run under ("parley" as a number)
MIGRATION_LOCK = 0x7061726C6579


def migrate(engine) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied.

    Two processes opening a fresh store at once do not race: on PostgreSQL the migrations run
    under an advisory lock, on SQLite each one in a write transaction (``BEGIN IMMEDIATE``); both
    look again at what is applied once they hold the lock."""
    done: list[str] = []
    with engine.connect().execution_options(parley_write=True) as lock:
        if engine.dialect.name == "postgresql":
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            lock.commit()
        try:
            for migration in (None, *MIGRATIONS):
                with engine.connect().execution_options(parley_write=True) as conn, conn.begin():
                    if migration is None:
                        schema.migrations.create(conn, checkfirst=True)
                        continue
                    if migration.name in applied(conn):
                        continue
                    migration.apply(conn)
                    conn.execute(
                        schema.migrations.insert().values(
                            name=migration.name, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                        )
                    )
                done.append(migration.name)
        finally:
            if engine.dialect.name == "postgresql":
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                lock.commit()
    return done
