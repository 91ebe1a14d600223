"""The store: one interface over SQLite (default) and PostgreSQL.

Both back ends share the tables of :mod:`parley.store.schema` and the queries here; what differs
(full-text search, upserts, connection set-up) lives in a small :class:`Dialect` per back end.
Every write happens in a transaction, so a process killed mid-batch loses at most the batch in
flight and never what was already stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..errors import NotFound, StoreError
from ..records import Document, Event, Rejection, Statement, to_dict
from . import schema
from .migrations import migrate

AddStatus = Literal["new", "duplicate"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What happened to one document offered to the store."""

    id: str
    status: AddStatus
    duplicate_of: str | None = None  # the stored document it duplicates
    reason: str | None = None  # "content" or "url"


@dataclass(frozen=True, slots=True)
class RejectionRow:
    origin: str
    locator: str
    reason: str
    stage: str
    first_seen: str
    last_seen: str
    times: int


@dataclass(frozen=True, slots=True)
class MentionCount:
    mention: str
    count: int
    example_doc_id: str
    example_text: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


_WORD = re.compile(r"\w+", re.UNICODE)


class Dialect:
    """What differs between back ends."""

    name = "base"

    def document_match(self, q: str):  # pragma: no cover - abstract
        raise NotImplementedError

    def statement_match(self, q: str):  # pragma: no cover - abstract
        raise NotImplementedError

    def insert(self, table):
        raise NotImplementedError  # pragma: no cover


class SQLiteDialect(Dialect):
    name = "sqlite"

    @staticmethod
    def _fts_query(q: str) -> str:
        # Each word as a quoted FTS5 string (implicit AND): user input can never be FTS5 syntax.
        words = _WORD.findall(q)
        return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'

    def document_match(self, q: str):
        return text(
            "documents.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts_q)"
        ).bindparams(fts_q=self._fts_query(q))

    def statement_match(self, q: str):
        return text(
            "statements.rowid IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH :fts_sq)"
        ).bindparams(fts_sq=self._fts_query(q))

    def insert(self, table):
        return sqlite_insert(table)


class PostgresDialect(Dialect):
    name = "postgresql"

    @staticmethod
    def _ts_query(q: str) -> str:
        return " ".join(_WORD.findall(q))

    def document_match(self, q: str):
        return text("documents.tsv @@ plainto_tsquery('simple', :ts_q)").bindparams(ts_q=self._ts_query(q))

    def statement_match(self, q: str):
        return text("statements.tsv @@ plainto_tsquery('simple', :ts_sq)").bindparams(
            ts_sq=self._ts_query(q)
        )

    def insert(self, table):
        return pg_insert(table)


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "external_id": doc.external_id,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "published": _iso(doc.published),
        "language": doc.language,
        "author": doc.author,
        "text": doc.text,
        "metadata": to_dict(doc.metadata),
        "origin": doc.origin,
        "reader": doc.reader,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else _now(),
        "parley_version": doc.parley_version or __version__,
    }


def _document(row: Any) -> Document:
    m = row._mapping
    return Document.from_dict(
        {
            "id": m["id"],
            "text": m["text"],
            "title": m["title"],
            "source": m["source"],
            "url": m["url"],
            "published": m["published"],
            "language": m["language"],
            "author": m["author"],
            "external_id": m["external_id"],
            "metadata": m["metadata"] or {},
            "origin": m["origin"],
            "reader": m["reader"],
            "ingested_at": m["ingested_at"],
            "parley_version": m["parley_version"],
        }
    )


_DOC_COLUMNS = [c for c in schema.documents.c if c.name != "tsv"]
_STMT_COLUMNS = [c for c in schema.statements.c if c.name != "tsv"]


class Store:
    """Documents, statements, events and rejections, in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url
        self.dialect: Dialect = SQLiteDialect() if engine.dialect.name == "sqlite" else PostgresDialect()
        self._read_only = False
        try:
            self.migrations_applied = migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot prepare the store at {self.display_url}: {exc.orig or exc}") from None

    # ----------------------------------------------------------------- basics
    @property
    def display_url(self) -> str:
        return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", self.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction. On SQLite it takes the write lock at once (``BEGIN IMMEDIATE``),
        so that two writers wait for each other instead of one failing when it upgrades a read."""
        with self.engine.connect().execution_options(parley_write=True) as conn:
            with conn.begin():
                yield conn

    @property
    def read_only(self) -> bool:
        return self._read_only

    def make_read_only(self) -> None:
        """Make every connection of the store read-only (a bug can then never write): SQLite
        ``PRAGMA query_only``, PostgreSQL read-only transactions."""
        if self._read_only:
            return
        self._read_only = True
        engine = self.engine
        if engine.dialect.name == "sqlite":

            def on_connect(dbapi_connection, _record):
                cur = dbapi_connection.cursor()
                cur.execute("PRAGMA query_only=ON")
                cur.close()

            event.listen(engine, "connect", on_connect)
            if engine.url.database in (None, "", ":memory:"):
                with engine.connect() as conn:  # the one shared in-memory connection
                    conn.execute(text("PRAGMA query_only=ON"))
            else:
                engine.dispose()
        else:

            def on_pg_connect(dbapi_connection, _record):
                with dbapi_connection.cursor() as cur:
                    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_connection.commit()

            event.listen(engine, "connect", on_pg_connect)
            engine.dispose()

    # -------------------------------------------------------------- documents
    def add_documents(
        self,
        docs: Iterable[Document],
        statements: dict[str, Sequence[Statement]] | None = None,
        *,
        run_id: str | None = None,
        states: Mapping[str, str] | None = None,
    ) -> list[AddResult]:
        """Store new documents, skipping duplicates by content hash or URL; one transaction.

        ``states`` gives the extraction state of documents stored without statements on purpose
        (``"too_long"``: over the per-document budget), so that they are not read again.

        ``statements`` (by document id) are written in the same transaction for the documents
        this call stores, so a document is never stored without the statements read from it:
        a crash leaves it either whole or unseen. Re-adding a document already stored changes
        nothing and reports it as a duplicate; two writers adding the same document at once
        store it once (``INSERT … ON CONFLICT DO NOTHING``) and the second reports a duplicate.
        """
        docs = list(docs)
        if not docs:
            return []
        results: list[AddResult] = []
        try:
            with self._write() as conn:
                ids = [d.id for d in docs]
                urls = [d.url for d in docs if d.url]
                have_ids = set(conn.scalars(select(schema.documents.c.id).where(schema.documents.c.id.in_(ids))))
                # The same URL in the same language is the same document; a translation published
                # at the same URL (parallel corpora do this) is a document of its own.
                have_urls: dict[tuple[str, str | None], str] = {}
                if urls:
                    for row in conn.execute(
                        select(schema.documents.c.url, schema.documents.c.language, schema.documents.c.id).where(
                            schema.documents.c.url.in_(urls)
                        )
                    ):
                        have_urls.setdefault((row.url, row.language), row.id)
                rows = []
                for doc in docs:
                    if doc.id in have_ids:
                        results.append(AddResult(doc.id, "duplicate", doc.id, "content"))
                        continue
                    url_key = (doc.url, doc.language)
                    if doc.url and url_key in have_urls:
                        results.append(AddResult(doc.id, "duplicate", have_urls[url_key], "url"))
                        continue
                    row = _document_row(doc)
                    if statements is not None and doc.id in statements:
                        row["extraction"] = "done"
                    elif states and doc.id in states:
                        row["extraction"] = states[doc.id]
                    rows.append(row)
                    have_ids.add(doc.id)
                    if doc.url:
                        have_urls[url_key] = doc.id
                    results.append(AddResult(doc.id, "new"))
                if rows:
                    stmt = self.dialect.insert(schema.documents).on_conflict_do_nothing(index_elements=["id"])
                    stored = set()
                    for row in rows:  # RETURNING says which rows this writer stored
                        got = conn.execute(stmt.values(**row).returning(schema.documents.c.id)).scalar()
                        if got is not None:
                            stored.add(got)
                    results = [
                        r if r.status != "new" or r.id in stored else AddResult(r.id, "duplicate", r.id, "content")
                        for r in results
                    ]
                    if statements:
                        self._write_statements(conn, {i: statements[i] for i in stored if i in statements}, run_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write documents to {self.display_url}: {exc.orig or exc}") from None
        return results

    def get_document(self, doc_id: str) -> Document:
        """A document by id, by the source's own id, or by a unique id prefix (6+ characters)."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(*_DOC_COLUMNS).where(d.c.id == doc_id)).first()
            if row is None:
                row = conn.execute(select(*_DOC_COLUMNS).where(d.c.external_id == doc_id).limit(2)).first()
            if row is None and len(doc_id) >= 6 and re.fullmatch(r"[0-9a-f]+", doc_id):
                rows = conn.execute(select(*_DOC_COLUMNS).where(d.c.id.like(doc_id + "%")).limit(2)).all()
                if len(rows) == 1:
                    row = rows[0]
                elif len(rows) > 1:
                    raise NotFound(f"document id prefix {doc_id!r} is ambiguous; give more characters")
        if row is None:
            raise NotFound(f"no document {doc_id!r} in {self.display_url}; list them with `parley docs`")
        return _document(row)

    def document_labels(self, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """Each stored document's ``(source, title, url)`` by id, in one query (a citation's fields;
        the texts are not read). Ids not stored are absent."""
        d = schema.documents
        out: dict[str, tuple[str | None, str | None, str | None]] = {}
        wanted = list(dict.fromkeys(ids))
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                query = select(d.c.id, d.c.source, d.c.title, d.c.url).where(d.c.id.in_(wanted[i:i + 500]))
                out.update({r.id: (r.source, r.title, r.url) for r in conn.execute(query)})
        return out

    def extraction_states(self, ids: Sequence[str]) -> dict[str, str | None]:
        """The extraction state of each stored document of ``ids`` ("done", "too_long", "failed",
        or None: not read yet); ids that are not stored are left out."""
        d = schema.documents
        out: dict[str, str | None] = {}
        ids = list(dict.fromkeys(ids))
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for row in conn.execute(select(d.c.id, d.c.extraction).where(d.c.id.in_(chunk))):
                    out[row.id] = row.extraction
        return out

    def _document_filters(self, *, q=None, source=None, language=None, since=None, until=None, pending=False,
                          outside=None):
        d = schema.documents
        where = []
        if outside:  # undated, or dated outside the plausible (first, last) days
            first, last = outside
            cond = d.c.published.is_(None) | (d.c.published < _iso(first))
            where.append(cond | (d.c.published > _iso(last)) if last else cond)
        if pending:
            where.append(d.c.extraction.is_(None))
        if q:
            where.append(self.dialect.document_match(q))
        if source:
            where.append(d.c.source == source)
        if language:
            where.append(d.c.language == language)
        if since:
            where.append(d.c.published >= _iso(since))
        if until:
            where.append(d.c.published <= _iso(until))
        return where

    def documents(
        self,
        *,
        q: str | None = None,
        source: str | None = None,
        language: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        limit: int | None = None,
        offset: int = 0,
        outside: tuple[dt.date, dt.date] | None = None,
    ) -> list[Document]:
        """Documents, newest first, filtered; ``q`` is a full-text query over title and text;
        ``outside`` (first, last): only the undated ones and those dated outside those days."""
        d = schema.documents
        query = (
            select(*_DOC_COLUMNS)
            .where(*self._document_filters(q=q, source=source, language=language, since=since, until=until,
                                           outside=outside))
            .order_by(d.c.published.desc().nulls_last(), d.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [_document(r) for r in conn.execute(query)]

    def iter_documents(self, *, batch_size: int = 200, pending: bool = False, **filters: Any) -> Iterator[Document]:
        """Every document matching the filters (``pending``: only those not read yet, extraction
        NULL), in id order, fetched in batches by key, so that documents written while the
        iteration runs (their state changed by re-extraction) neither shift nor repeat a batch."""
        d = schema.documents
        where = self._document_filters(pending=pending, **filters)
        last: str | None = None
        while True:
            query = select(*_DOC_COLUMNS).where(*where).order_by(d.c.id).limit(batch_size)
            if last is not None:
                query = query.where(d.c.id > last)
            with self.engine.connect() as conn:
                batch = [_document(r) for r in conn.execute(query)]
            yield from batch
            if len(batch) < batch_size:
                return
            last = batch[-1].id

    def count_documents(self, **filters: Any) -> int:
        query = select(func.count()).select_from(schema.documents).where(*self._document_filters(**filters))
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    # ------------------------------------------------------------- rejections
    def add_rejections(self, rejections: Iterable[Rejection]) -> int:
        """Record rejected inputs; the same rejection seen again bumps its count and date."""
        rows = [
            {
                "origin": r.origin,
                "locator": r.locator or "",
                "reason": r.reason,
                "stage": r.stage,
                "first_seen": (r.at.isoformat(timespec="seconds") if r.at else _now()),
                "last_seen": (r.at.isoformat(timespec="seconds") if r.at else _now()),
                "times": 1,
            }
            for r in rejections
        ]
        if not rows:
            return 0
        t = schema.rejections
        stmt = self.dialect.insert(t)
        stmt = stmt.on_conflict_do_update(
            index_elements=["origin", "locator", "reason", "stage"],
            set_={"last_seen": stmt.excluded.last_seen, "times": t.c.times + 1},
        )
        with self._write() as conn:
            conn.execute(stmt, rows)
        return len(rows)

    def rejections(self, *, stage: str | None = None, limit: int | None = None) -> list[RejectionRow]:
        t = schema.rejections
        query = select(t.c.origin, t.c.locator, t.c.reason, t.c.stage, t.c.first_seen, t.c.last_seen, t.c.times)
        if stage:
            query = query.where(t.c.stage == stage)
        query = query.order_by(t.c.last_seen.desc(), t.c.origin, t.c.locator)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [RejectionRow(**r._mapping) for r in conn.execute(query)]

    # ------------------------------------------------------------------- runs
    def start_run(self, command: str, params: dict[str, Any] | None = None) -> str:
        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        with self._write() as conn:
            conn.execute(
                insert(schema.runs).values(
                    id=run_id,
                    command=command,
                    started_at=_now(),
                    parley_version=__version__,
                    params=to_dict(params or {}),
                    counts={},
                )
            )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        with self._write() as conn:
            conn.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(finished_at=_now(), counts=to_dict(counts))
            )

    def runs_of(self, doc_id: str) -> list[dict[str, Any]]:
        """The runs that produced a document's statements, oldest first (id, command, times, version)."""
        s, r = schema.statements, schema.runs
        with self.engine.connect() as conn:
            ids = [x for x in conn.scalars(select(s.c.run_id).where(s.c.doc_id == doc_id).distinct()) if x]
            if not ids:
                return []
            rows = conn.execute(select(r.c.id, r.c.command, r.c.started_at, r.c.finished_at, r.c.parley_version)
                                .where(r.c.id.in_(ids)).order_by(r.c.started_at))
            return [dict(x._mapping) for x in rows]

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.runs).order_by(schema.runs.c.started_at.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]

    # ------------------------------------------------------------- statements
    @staticmethod
    def _statement_rows(statement: Statement, run_id: str | None) -> tuple[dict, list[dict], list[dict]]:
        sid = statement.id
        event = statement.event
        coder = next((s.coder for s in statement.signals if s.coder), None) or (event.coder if event else None)
        row = {
            "id": sid,
            "doc_id": statement.doc_id,
            "span_start": statement.start,
            "span_end": statement.end,
            "text": statement.text,
            "kind": statement.kind,
            "speaker": statement.speaker,
            "actor_id": statement.actor_id,
            "side": statement.side,
            "mention": statement.mention,
            "cue": statement.cue,
            "published": _iso(statement.published),
            "language": statement.language,
            "confidence": float(statement.confidence),
            "plover": event.plover if event else None,
            "cameo": event.cameo if event else None,
            "goldstein": event.goldstein if event else None,
            "cooperation": event.cooperation if event else None,
            "record": to_dict(statement),
            "extractor": statement.extractor,
            "coder": coder,
            "run_id": run_id,
            "theatre": statement.theatre,
        }
        signals = [
            {"statement_id": sid, "code": s.code, "confidence": float(s.confidence), "negated": int(s.negated)}
            for s in statement.signals
        ]
        topics = sorted({t for s in statement.signals for t in s.topics})
        return row, signals, [{"statement_id": sid, "topic": t} for t in topics]

    def replace_statements(
        self, doc_id: str, statements: Sequence[Statement], *, run_id: str | None = None
    ) -> int:
        """Replace every statement of a document with ``statements``, in one transaction."""
        return self.replace_statements_many({doc_id: statements}, run_id=run_id)

    def set_extraction_states(self, states: Mapping[str, str]) -> None:
        """Mark stored documents with an extraction state other than "done" (``"too_long"``: over
        the per-document budget), their statements removed; one transaction."""
        if not states:
            return
        s = schema.statements
        try:
            with self._write() as conn:
                for state in set(states.values()):
                    ids = [i for i, v in states.items() if v == state]
                    old = select(s.c.id).where(s.c.doc_id.in_(ids))
                    conn.execute(delete(schema.statement_signals).where(schema.statement_signals.c.statement_id.in_(old)))
                    conn.execute(delete(schema.statement_topics).where(schema.statement_topics.c.statement_id.in_(old)))
                    conn.execute(delete(s).where(s.c.doc_id.in_(ids)))
                    conn.execute(update(schema.documents).where(schema.documents.c.id.in_(ids)).values(extraction=state))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to {self.display_url}: {exc.orig or exc}") from None

    def replace_statements_many(
        self, by_doc: dict[str, Sequence[Statement]], *, run_id: str | None = None
    ) -> int:
        """Replace the statements of several documents at once (one transaction for the batch)."""
        rows, signal_rows, topic_rows = self._rows_of(by_doc, run_id)
        try:
            with self._write() as conn:
                return self._write_statements(conn, by_doc, run_id, rows=(rows, signal_rows, topic_rows))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write statements to {self.display_url}: {exc.orig or exc}") from None

    def _rows_of(
        self, by_doc: dict[str, Sequence[Statement]], run_id: str | None
    ) -> tuple[dict[str, dict], list[dict], list[dict]]:
        rows: dict[str, dict] = {}
        signal_rows: list[dict] = []
        topic_rows: list[dict] = []
        for doc_id, statements in by_doc.items():
            for st in statements:
                if st.doc_id != doc_id:
                    st = replace(st, doc_id=doc_id)
                row, sigs, tops = self._statement_rows(st, run_id)
                if row["id"] in rows:  # the same span and speaker twice: keep the first
                    continue
                rows[row["id"]] = row
                signal_rows.extend(sigs)
                topic_rows.extend(tops)
        return rows, signal_rows, topic_rows

    def _write_statements(
        self,
        conn: Connection,
        by_doc: dict[str, Sequence[Statement]],
        run_id: str | None,
        *,
        rows: tuple[dict[str, dict], list[dict], list[dict]] | None = None,
    ) -> int:
        """Inside ``conn``'s transaction: replace the statements of ``by_doc``'s documents and
        mark those documents extracted."""
        if not by_doc:
            return 0
        if rows is None:
            rows = self._rows_of(by_doc, run_id)
        stmt_rows, signal_rows, topic_rows = rows
        s = schema.statements
        doc_ids = list(by_doc)
        old = select(s.c.id).where(s.c.doc_id.in_(doc_ids))
        conn.execute(delete(schema.statement_signals).where(schema.statement_signals.c.statement_id.in_(old)))
        conn.execute(delete(schema.statement_topics).where(schema.statement_topics.c.statement_id.in_(old)))
        conn.execute(delete(s).where(s.c.doc_id.in_(doc_ids)))
        if stmt_rows:
            conn.execute(insert(s), list(stmt_rows.values()))
        if signal_rows:
            conn.execute(insert(schema.statement_signals), signal_rows)
        if topic_rows:
            conn.execute(insert(schema.statement_topics), topic_rows)
        conn.execute(
            update(schema.documents).where(schema.documents.c.id.in_(doc_ids)).values(extraction="done")
        )
        return len(stmt_rows)

    def _statement_filters(
        self,
        *,
        actor: str | None = None,
        side: str | None = None,
        signal: str | None = None,
        topic: str | None = None,
        kind: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        q: str | None = None,
        doc_id: str | None = None,
        language: str | None = None,
        resolved: bool | None = None,
        theatre: str | None = None,
        outside: tuple[dt.date, dt.date] | None = None,
    ) -> list[Any]:
        s = schema.statements
        where: list[Any] = []
        if outside:  # undated, or dated outside the plausible (first, last) days
            first, last = outside
            cond = s.c.published.is_(None) | (s.c.published < _iso(first))
            where.append(cond | (s.c.published > _iso(last)) if last else cond)
        if actor:
            where.append((s.c.actor_id == actor) | (s.c.speaker == actor))
        if side:
            where.append(s.c.side == side.upper())
        if signal:
            codes = [c.strip().upper() for c in signal.split(",") if c.strip()]
            sig = schema.statement_signals
            where.append(
                s.c.id.in_(select(sig.c.statement_id).where(sig.c.code.in_(codes), sig.c.negated == 0))
            )
        if topic:
            top = schema.statement_topics
            where.append(s.c.id.in_(select(top.c.statement_id).where(top.c.topic == topic)))
        if kind:
            where.append(s.c.kind == kind)
        if since:
            where.append(s.c.published >= _iso(since))
        if until:
            where.append(s.c.published <= _iso(until))
        if q:
            where.append(self.dialect.statement_match(q))
        if doc_id:
            where.append(s.c.doc_id == doc_id)
        if language:
            where.append(s.c.language == language)
        if theatre:
            where.append(s.c.theatre == theatre)
        if resolved is True:
            where.append(s.c.actor_id.is_not(None))
        elif resolved is False:
            where.append(s.c.actor_id.is_(None))
        return where

    def statements(
        self, *, limit: int | None = None, offset: int = 0, order: str = "published", **filters: Any
    ) -> list[Statement]:
        """Statements matching the filters (actor id or name, side, signal codes comma-separated,
        topic, kind, since/until dates, full-text ``q``, doc_id, language, resolved),
        in date order (``order="-published"`` for newest first), then document order."""
        s = schema.statements
        direction = s.c.published.desc().nulls_last() if order.startswith("-") else s.c.published.asc().nulls_last()
        query = (
            select(s.c.record)
            .where(*self._statement_filters(**filters))
            .order_by(direction, s.c.doc_id, s.c.span_start, s.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Statement.from_dict(r.record) for r in conn.execute(query)]

    def count_statements(self, **filters: Any) -> int:
        query = select(func.count()).select_from(schema.statements).where(*self._statement_filters(**filters))
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def get_statement(self, statement_id: str) -> Statement:
        s = schema.statements
        with self.engine.connect() as conn:
            row = conn.execute(select(s.c.record).where(s.c.id == statement_id)).first()
            if row is None and len(statement_id) >= 6:
                rows = conn.execute(select(s.c.record).where(s.c.id.like(statement_id + "%")).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFound(f"no statement {statement_id!r}; find them with `parley statements`")
        return Statement.from_dict(row.record)

    def unresolved_mentions(self, *, limit: int = 100, language: str | None = None) -> list[MentionCount]:
        """Speaker mentions not resolved to a registry actor, most frequent first."""
        s = schema.statements
        where = [s.c.actor_id.is_(None), s.c.mention.is_not(None)]
        if language:
            where.append(s.c.language == language)
        query = (
            select(s.c.mention, func.count().label("n"), func.min(s.c.doc_id).label("doc"),
                   func.min(s.c.text).label("example"))
            .where(*where)
            .group_by(s.c.mention)
            .order_by(literal_column("n").desc(), s.c.mention)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                MentionCount(r.mention, int(r.n), r.doc, (r.example or "")[:160]) for r in conn.execute(query)
            ]

    def signal_counts(self, **filters: Any) -> dict[str, int]:
        """How many statements carry each signal code (negated signals excluded)."""
        sig = schema.statement_signals
        s = schema.statements
        query = (
            select(sig.c.code, func.count(func.distinct(sig.c.statement_id)))
            .join(s, s.c.id == sig.c.statement_id)
            .where(sig.c.negated == 0, *self._statement_filters(**filters))
            .group_by(sig.c.code)
        )
        with self.engine.connect() as conn:
            return {code: int(n) for code, n in conn.execute(query)}

    # ----------------------------------------------------------------- events
    def add_events(self, events: Iterable[Event]) -> dict[str, int]:
        """Store recorded deeds; an event already stored (same id) is left as it is."""
        rows = [
            {
                "id": e.id,
                "date": _iso(e.date),
                "dataset": e.dataset,
                "event_type": e.event_type,
                "sub_event_type": e.sub_event_type,
                "actor1": e.actor1,
                "actor2": e.actor2,
                "side1": e.side1,
                "side2": e.side2,
                "country": e.country,
                "location": e.location,
                "fatalities": e.fatalities,
                "cameo": e.cameo,
                "goldstein": e.goldstein,
                "quad": e.quad,
                "notes": e.notes,
                "raw": to_dict(e.raw),
                "origin": e.origin,
            }
            for e in events
        ]
        if not rows:
            return {"new": 0, "duplicate": 0}
        t = schema.events
        with self._write() as conn:
            have = set(conn.scalars(select(t.c.id).where(t.c.id.in_([r["id"] for r in rows]))))
            fresh = {r["id"]: r for r in rows if r["id"] not in have}
            if fresh:
                conn.execute(insert(t), list(fresh.values()))
        return {"new": len(fresh), "duplicate": len(rows) - len(fresh)}

    def events(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        side: str | None = None,
        dataset: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        t = schema.events
        where = []
        if since:
            where.append(t.c.date >= _iso(since))
        if until:
            where.append(t.c.date <= _iso(until))
        if side:
            where.append(t.c.side1 == side.upper())
        if dataset:
            where.append(t.c.dataset == dataset)
        query = select(t).where(and_(*where) if where else True).order_by(t.c.date, t.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(query):
                m = dict(r._mapping)
                m["date"] = dt.date.fromisoformat(m["date"])
                m["raw"] = m["raw"] or {}
                out.append(Event(**m))
            return out

    # ------------------------------------------------------------------- meta
    def get_meta(self, key: str, default: Any = None) -> Any:
        """A value the store keeps about itself (e.g. extra registry files attached to it)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
        return default if row is None else row.value

    def set_meta(self, key: str, value: Any) -> None:
        t = schema.meta
        stmt = self.dialect.insert(t).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value})
        with self._write() as conn:
            conn.execute(stmt)

    # ------------------------------------------------------------------ stats
    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "documents": int(conn.scalar(select(func.count()).select_from(schema.documents)) or 0),
                "statements": int(conn.scalar(select(func.count()).select_from(schema.statements)) or 0),
                "events": int(conn.scalar(select(func.count()).select_from(schema.events)) or 0),
                "rejections": int(conn.scalar(select(func.count()).select_from(schema.rejections)) or 0),
            }


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Parley emits BEGIN itself (below): pysqlite's own transaction handling would begin
    # deferred transactions, which fail instead of waiting when two writers meet.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout=60000")  # first: wait up to a minute for another writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """``BEGIN IMMEDIATE`` for write transactions (the write lock taken at once), ``BEGIN``
    for the others."""
    immediate = conn.get_execution_options().get("parley_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def install_sqlite_pragmas(engine: Engine) -> None:
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)


__all__ = ["AddResult", "MentionCount", "RejectionRow", "Store", "install_sqlite_pragmas", "Connection"]
