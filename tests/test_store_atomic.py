"""Nothing lost, nothing half-written (issue 15): a document and its statements in one
transaction, concurrent writers of the same input, concurrent first opens of a fresh store."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from sqlalchemy import select

from parley.errors import StoreError
from parley.records import Document, Statement
from parley.store import open_store, schema

TEXTS = [f"Minister {n} said the talks on the corridor number {n} would resume next week." for n in range(40)]


def _docs() -> list[Document]:
    return [Document.create(t, language="en", url=f"https://news.example.org/{n}") for n, t in enumerate(TEXTS)]


def _statements(docs: list[Document]) -> dict[str, list[Statement]]:
    out = {}
    for d in docs:
        start = d.text.index("the talks")
        out[d.id] = [Statement(doc_id=d.id, start=start, end=len(d.text) - 1, text=d.text[start:-1],
                               kind="indirect", speaker="Minister", cue="said")]
    return out


def _counts(store) -> tuple[int, int]:
    st = store.stats()
    return st["documents"], st["statements"]


def test_documents_and_their_statements_are_written_together(store):
    docs = _docs()
    results = store.add_documents(docs, _statements(docs), run_id=None)
    assert [r.status for r in results] == ["new"] * len(docs)
    assert _counts(store) == (len(docs), len(docs))
    with store.engine.connect() as conn:
        states = set(conn.scalars(select(schema.documents.c.extraction)))
    assert states == {"done"}
    again = store.add_documents(docs, _statements(docs))
    assert {r.status for r in again} == {"duplicate"} and _counts(store) == (len(docs), len(docs))


def test_a_failure_while_writing_statements_leaves_no_document_behind(store, monkeypatch):
    """Before: documents were committed before their statements, so a crash in between left
    them stored without statements, and a re-run skipped them as duplicates for good."""
    docs = _docs()

    def broken(*a, **k):
        raise RuntimeError("the process dies here")

    monkeypatch.setattr(type(store), "_write_statements", broken)
    with pytest.raises(RuntimeError):
        store.add_documents(docs, _statements(docs))
    assert _counts(store) == (0, 0)
    monkeypatch.undo()
    store.add_documents(docs, _statements(docs))
    assert _counts(store) == (len(docs), len(docs))


def _writer(url: str, rounds: int, queue) -> None:
    try:
        store = open_store(url)
        docs = _docs()
        for _ in range(rounds):
            store.add_documents(docs, _statements(docs))
        store.close()
        queue.put("ok")
    except BaseException as exc:  # reported to the test
        queue.put(f"{type(exc).__name__}: {exc}")


def _run_together(target, args_list) -> list[str]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, queue)) for args in args_list]
    for p in procs:
        p.start()
    out = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(60)
    return out


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_url(request, tmp_path):
    """A store that does not exist yet: a new SQLite path, or a new empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "concurrent.db")
    return request.getfixturevalue("new_pg_url")


def test_two_writers_of_the_same_input_store_it_once(fresh_url):
    """Before: the second of two ingests of the same input aborted on the primary key; and two
    first opens of a fresh PostgreSQL store raced on the migrations."""
    out = _run_together(_writer, [(fresh_url, 3)] * 3)
    assert out == ["ok"] * 3
    store = open_store(fresh_url)
    assert _counts(store) == (len(TEXTS), len(TEXTS))
    from parley.store.migrations import MIGRATIONS, applied

    with store.engine.connect() as conn:
        assert applied(conn) == {m.name for m in MIGRATIONS}
    store.close()


def test_an_old_store_gets_the_extraction_state_from_its_statements(tmp_path):
    """Migration 0005 on a store written before it: documents with statements are "done"."""
    from sqlalchemy import text

    path = tmp_path / "old.db"
    store = open_store(path)
    docs = _docs()[:3]
    store.add_documents(docs[:2], _statements(docs[:2]))
    store.add_documents(docs[2:])
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET extraction = NULL"))
        conn.execute(text("DELETE FROM parley_migrations WHERE name = '0005_extraction_state'"))
    store.close()
    store = open_store(path)
    assert store.migrations_applied == ["0005_extraction_state"]
    with store.engine.connect() as conn:
        got = dict(conn.execute(select(schema.documents.c.id, schema.documents.c.extraction)).all())
    assert got == {docs[0].id: "done", docs[1].id: "done", docs[2].id: None}
    store.close()


def test_store_errors_still_name_the_store(store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def fail(*a, **k):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(type(store), "_write_statements", fail)
    docs = _docs()[:1]
    with pytest.raises(StoreError, match="cannot write documents"):
        store.add_documents(docs, _statements(docs))
