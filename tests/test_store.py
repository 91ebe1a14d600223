"""The store, run against SQLite in memory, a SQLite file and PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.errors import NotFound, StoreError
from parley.records import Document, Event, Rejection, Signal, Span, Statement, content_hash
from parley.store import engine_url, open_store


def doc(text: str, **kw) -> Document:
    return Document.create(text, **kw)


def statement(d: Document, start: int, end: int, **kw) -> Statement:
    return Statement(doc_id=d.id, start=start, end=end, text=d.text[start:end], kind=kw.pop("kind", "indirect"), **kw)


def test_migrations_are_recorded_and_not_reapplied(store):
    from parley.store.migrations import MIGRATIONS, applied

    with store.engine.connect() as conn:
        assert applied(conn) == {m.name for m in MIGRATIONS} == {"0001_tables", "0002_full_text", "0003_meta", "0004_unbounded_text", "0005_extraction_state"}
    again = type(store)(store.engine, store.url)
    assert again.migrations_applied == []


def test_a_new_store_applies_every_migration_in_order(tmp_path):
    from parley.store.migrations import MIGRATIONS

    fresh = open_store(tmp_path / "new.db")
    assert fresh.migrations_applied == [m.name for m in MIGRATIONS]


def test_add_documents_is_idempotent_by_content_and_url(store):
    a = doc("Peskov said the talks would resume.", url="https://example.org/a", language="en")
    b = doc("A different text at the same address.", url="https://example.org/a", language="en")
    c = doc("Peskov  said the talks\nwould resume.")  # same words, other spacing: same content hash
    first = store.add_documents([a])
    assert [r.status for r in first] == ["new"]
    second = store.add_documents([a, b, c])
    assert [(r.status, r.reason) for r in second] == [
        ("duplicate", "content"),
        ("duplicate", "url"),
        ("duplicate", "content"),
    ]
    assert store.count_documents() == 1


def test_same_url_in_another_language_is_a_translation_not_a_duplicate(store):
    en = doc("The President spoke about negotiations.", url="https://youtu.be/x", language="en")
    uk = doc("Президент говорив про переговори.", url="https://youtu.be/x", language="uk")
    assert [r.status for r in store.add_documents([en, uk])] == ["new", "new"]


def test_get_document_by_id_prefix_and_external_id(store):
    d = doc("Lavrov listed conditions for a settlement.", external_id="rec-7", title="T")
    store.add_documents([d])
    assert store.get_document(d.id).text == d.text
    assert store.get_document(d.id[:10]).id == d.id
    assert store.get_document("rec-7").id == d.id
    with pytest.raises(NotFound, match="no document 'nope'"):
        store.get_document("nope")


def test_document_fields_round_trip(store):
    d = doc(
        "Text with provenance.",
        title="Title",
        source="en.kremlin.ru",
        url="http://en.kremlin.ru/events/1",
        published=dt.date(2022, 2, 25),
        language="en",
        author="Press service",
        external_id="67868",
        metadata={"location": "Moscow", "tags": ["a", "b"], "n": 3},
        origin="press.csv#row 2",
        reader="csv",
        ingested_at=dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC),
    )
    store.add_documents([d])
    got = store.get_document(d.id)
    assert got.title == "Title" and got.source == "en.kremlin.ru" and got.url == d.url
    assert got.published == dt.date(2022, 2, 25)
    assert got.metadata == {"location": "Moscow", "tags": ["a", "b"], "n": 3}
    assert got.origin == "press.csv#row 2" and got.reader == "csv" and got.external_id == "67868"
    assert got.ingested_at == dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def test_full_text_search_and_filters(store):
    docs = [
        doc("Talks on security guarantees resumed in Istanbul.", language="en", source="a",
            published=dt.date(2022, 3, 29)),
        doc("Песков заявил, что переговоры продолжаются.", language="ru", source="b",
            published=dt.date(2024, 11, 27)),
        doc("Зеленський наголосив на гарантіях безпеки.", language="uk", source="b",
            published=dt.date(2022, 4, 1)),
    ]
    store.add_documents(docs)
    assert [d.id for d in store.documents(q="guarantees")] == [docs[0].id]
    assert [d.id for d in store.documents(q="переговоры")] == [docs[1].id]
    assert [d.id for d in store.documents(q="Istanbul security")] == [docs[0].id]
    assert store.documents(q="Istanbul Moscow") == []
    # user input is never query syntax
    assert store.documents(q='"unbalanced AND (') == []
    assert [d.language for d in store.documents(source="b")] == ["ru", "uk"]  # newest first
    assert [d.id for d in store.documents(since="2022-03-30", until="2023-01-01")] == [docs[2].id]
    assert store.count_documents(language="en") == 1
    assert len(store.documents(limit=2)) == 2 and len(store.documents(limit=2, offset=2)) == 1


def test_rejections_are_recorded_once_and_counted(store):
    r = Rejection("batch.jsonl", "invalid JSON: Expecting value at column 1", "line 7")
    store.add_rejections([r])
    store.add_rejections([r, Rejection("empty.txt", "empty file")])
    rows = {(x.origin, x.locator): x for x in store.rejections()}
    assert rows[("batch.jsonl", "line 7")].times == 2
    assert rows[("empty.txt", "")].reason == "empty file"
    assert len(rows) == 2


def _coded(d: Document) -> list[Statement]:
    s1 = statement(
        d, 0, 30, speaker="Dmitry Peskov", actor_id="dmitry-peskov", side="RU", mention="Peskov",
        mention_span=Span.of(d.text, 30, 36), published=dt.date(2025, 3, 1),
        signals=(Signal("OFFER_TALKS", 0.9, ("ready to talk",), conditional=False, topics=("ceasefire",)),),
    )
    s2 = statement(
        d, 45, 80, speaker="Someone Unknown", mention="a source", side=None, published=dt.date(2025, 3, 5),
        signals=(Signal("SET_CONDITIONS", 0.8, ("only if",), conditions=("withdrawal of troops",)),
                 Signal("REJECT", 0.7, ("never",), negated=True)),
    )
    return [s1, s2]


TEXT = "We are ready to talk at once, Peskov said. Then a source added: only if troops withdraw first."


def test_statements_replace_and_query(store):
    d = doc(TEXT, language="en")
    store.add_documents([d])
    assert store.replace_statements(d.id, _coded(d)) == 2
    assert store.replace_statements(d.id, _coded(d)) == 2  # replacing: still two
    assert store.count_statements() == 2
    got = store.statements(doc_id=d.id)
    assert [s.text for s in got] == [TEXT[0:30], TEXT[45:80]]
    assert got[0].signals[0].conditional is False and got[0].mention_span.text == "Peskov"
    assert [s.speaker for s in store.statements(side="ru")] == ["Dmitry Peskov"]
    assert [s.speaker for s in store.statements(signal="SET_CONDITIONS")] == ["Someone Unknown"]
    assert store.statements(signal="REJECT") == []  # negated signals do not count
    assert [s.speaker for s in store.statements(signal="REJECT,OFFER_TALKS")] == ["Dmitry Peskov"]
    assert [s.speaker for s in store.statements(topic="ceasefire")] == ["Dmitry Peskov"]
    assert [s.speaker for s in store.statements(q="troops")] == ["Someone Unknown"]
    assert [s.speaker for s in store.statements(since="2025-03-02")] == ["Someone Unknown"]
    assert [s.speaker for s in store.statements(actor="dmitry-peskov")] == ["Dmitry Peskov"]
    assert [s.speaker for s in store.statements(order="-published")] == ["Someone Unknown", "Dmitry Peskov"]
    assert store.signal_counts() == {"OFFER_TALKS": 1, "SET_CONDITIONS": 1}
    assert store.get_statement(got[0].id).text == got[0].text
    unresolved = store.unresolved_mentions()
    assert [(u.mention, u.count) for u in unresolved] == [("a source", 1)]
    assert store.replace_statements(d.id, []) == 0
    assert store.count_statements() == 0


def test_events_are_added_once_and_filtered(store):
    e1 = Event("acled:1", dt.date(2025, 5, 8), "acled", "Explosions/Remote violence", side1="RU", fatalities=2)
    e2 = Event("acled:2", dt.date(2025, 5, 20), "acled", "Battles", side1="UA")
    assert store.add_events([e1, e2]) == {"new": 2, "duplicate": 0}
    assert store.add_events([e1]) == {"new": 0, "duplicate": 1}
    assert [e.id for e in store.events(side="RU")] == ["acled:1"]
    assert [e.id for e in store.events(since="2025-05-10")] == ["acled:2"]
    assert store.events(side="RU")[0].fatalities == 2


def test_long_stamps_ids_and_topics_are_stored_whole(store):
    d = doc("A long-stamped statement for the store.")
    store.add_documents([d])
    coder = "parley.signals/1 rules:" + ",".join(f"rule_number_{i}" for i in range(40))
    sig = Signal("AGREE", 0.9, ("agreed",), topics=("a topic name " * 10,), coder=coder)
    st_ = statement(d, 0, 10, speaker="X", actor_id="an-actor-" + "x" * 200, extractor="parley.extract.en/" + "9" * 120,
                    signals=(sig,))
    store.replace_statements(d.id, [st_])
    back = store.statements(doc_id=d.id)[0]
    assert back.signals[0].coder == coder and back.actor_id == st_.actor_id and back.extractor == st_.extractor
    assert store.add_events([Event("gdelt:" + "9" * 150, dt.date(2025, 1, 1), "gdelt", "ASSAULT")])["new"] == 1


def test_meta_values_are_upserted(store):
    assert store.get_meta("registry_extra", []) == []
    store.set_meta("registry_extra", ["/a.yaml"])
    store.set_meta("registry_extra", ["/a.yaml", "/b.yaml"])
    assert store.get_meta("registry_extra") == ["/a.yaml", "/b.yaml"]


def test_runs_record_counts(store):
    run = store.start_run("ingest", {"sources": ["a"]})
    store.finish_run(run, {"new": 3})
    assert store.runs()[0]["counts"] == {"new": 3}


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=400
).filter(lambda t: t.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_strategy)
def test_any_text_survives_the_store_unchanged(store, text):
    d = doc(text, metadata={"raw": text})
    store.add_documents([d])
    got = store.get_document(d.id)
    assert got.text == text
    assert got.metadata["raw"] == text
    st_ = statement(d, 0, len(text), speaker="X")
    store.replace_statements(d.id, [st_])
    back = store.statements(doc_id=d.id)[0]
    assert back.text == text == got.text[back.start:back.end]


def test_content_hash_ignores_spacing_only():
    assert content_hash("a  b\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_engine_url_and_bad_locations(tmp_path):
    assert engine_url(":memory:") == "sqlite://"
    assert engine_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "x.db")
    with pytest.raises(StoreError, match="not a store Parley can open"):
        open_store("mysql://root@localhost/x")


def test_unreachable_postgres_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot"):
        open_store("postgresql://postgres@127.0.0.1:1/none")
