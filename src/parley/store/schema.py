"""The tables, in SQLAlchemy Core, shared by the SQLite and PostgreSQL back ends.

Dates are ISO strings (``YYYY-MM-DD``; timestamps ``YYYY-MM-DDTHH:MM:SS+00:00``) so that they sort
and compare the same way in both back ends. JSON columns hold the raw metadata and the full signal
records; the columns analysts filter on (speaker, side, signal code, topic, dates) are real
columns with indexes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

migrations = Table(
    "parley_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("external_id", Text),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(10)),
    Column("language", String(16)),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Column("metadata", JSON, nullable=False, default=dict),
    Column("origin", Text),
    Column("reader", Text),
    Column("ingested_at", String(40)),
    Column("parley_version", String(40)),
    # NULL: statements not read yet; "done"; "too_long" (over the per-document budget);
    # "failed" (the extractor failed on it; the rejection says why)
    Column("extraction", Text),
    Index("ix_documents_url", "url"),
    Index("ix_documents_published", "published"),
    Index("ix_documents_source", "source"),
    Index("ix_documents_external_id", "external_id"),
)

meta = Table(
    "parley_meta",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=False),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("locator", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False),
    Column("stage", String(40), nullable=False, default="ingest"),
    Column("first_seen", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
    Column("times", Integer, nullable=False, default=1),
    UniqueConstraint("origin", "locator", "reason", "stage", name="uq_rejections"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("command", String(80), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("parley_version", String(40)),
    Column("params", JSON, nullable=False, default=dict),
    Column("counts", JSON, nullable=False, default=dict),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text),
    Column("actor_id", Text),
    Column("side", String(16)),
    Column("mention", Text),
    Column("cue", Text),
    Column("published", String(10)),
    Column("language", String(16)),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("plover", String(40)),
    Column("cameo", String(8)),
    Column("goldstein", Float),
    Column("cooperation", Float),
    Column("record", JSON, nullable=False),  # the whole Statement (spans, parts, signals, event)
    Column("extractor", Text),
    Column("coder", Text),
    Column("run_id", String(40)),
    Index("ix_statements_doc", "doc_id"),
    Index("ix_statements_actor", "actor_id"),
    Index("ix_statements_side_published", "side", "published"),
    Index("ix_statements_published", "published"),
)

statement_signals = Table(
    "statement_signals",
    metadata,
    Column("statement_id", String(64), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("negated", Integer, nullable=False, default=0),
    Index("ix_signals_code", "code"),
    Index("ix_signals_statement", "statement_id"),
)

statement_topics = Table(
    "statement_topics",
    metadata,
    Column("statement_id", String(64), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("topic", Text, nullable=False),
    Index("ix_topics_topic", "topic"),
    Index("ix_topics_statement", "statement_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("date", String(10), nullable=False),
    Column("dataset", String(40), nullable=False),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("side1", String(16)),
    Column("side2", String(16)),
    Column("country", Text),
    Column("location", Text),
    Column("fatalities", Integer),
    Column("cameo", String(8)),
    Column("goldstein", Float),
    Column("quad", Integer),
    Column("notes", Text),
    Column("raw", JSON, nullable=False, default=dict),
    Column("origin", Text),
    Index("ix_events_date", "date"),
    Index("ix_events_side1_date", "side1", "date"),
)
