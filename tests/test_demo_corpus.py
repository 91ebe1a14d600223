"""The bundled demo's data: a valid, clearly fictional corpus, a registry that loads and checks
clean, and event exports the deeds readers accept."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest

from parley import demo
from parley.records import Document, Event, Rejection

#: ACLED's column names (the export's header); the demo CSV must carry each of them.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "location",
    "latitude", "longitude", "source", "notes", "fatalities",
)
DEMO_SIDES = {"XA", "XB", "XM", "XN"}


def _jsonl_records() -> list[dict]:
    folder = demo.registry_path().parent / "corpus"
    out = []
    for path in sorted(folder.glob("*.jsonl")):  # every JSONL file, used by the demo or not yet
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rec = json.loads(line)
            rec["_where"] = f"{path.name}:{n}"
            out.append(rec)
    return out


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    """Every demo document as the ingest readers read it for `parley demo`: its dates run to 2030,
    fictional, not implausible (read without saying so they would be set aside as future dates)."""
    from parley.ingest import IngestOptions, read_inputs

    items = list(read_inputs([str(p) for p in demo.corpus_paths()], IngestOptions(latest=demo.DEMO_UNTIL)))
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert rejected == []
    return [i for i in items if isinstance(i, Document)]


# ------------------------------------------------------------------------------------------ corpus
def test_corpus_files_exist_and_cover_two_readers():
    paths = demo.corpus_paths()
    assert all(p.is_file() for p in paths)
    assert {p.suffix for p in paths} == {".jsonl", ".rss"}


def test_jsonl_records_are_valid_and_fictional():
    records = _jsonl_records()
    assert len(records) >= 40
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in records:
        where = r["_where"]
        assert r["text"].strip(), where
        assert r["title"].strip(), where
        day = dt.date.fromisoformat(r["published"])
        assert demo.DEMO_SINCE <= day <= demo.DEMO_UNTIL, where
        assert demo.FICTIONAL_MARK in r["source"], where
        assert r["url"].startswith("https://demo.parley.invalid/"), where
        assert r["language"] in {"en", "ru", "uk"}, where
        assert r["fictional"] is True and "Fictional" in r["note"], where
        words = len(r["text"].split())
        assert 30 <= words <= 220, f"{where}: {words} words; demo items are short wire items"


def test_every_document_reads_in_range_and_says_it_is_fictional(documents):
    assert 40 <= len(documents) <= 60
    for doc in documents:
        assert doc.published is not None and demo.DEMO_SINCE <= doc.published <= demo.DEMO_UNTIL, doc.origin
        assert doc.text.strip(), doc.origin
        fictional = demo.FICTIONAL_MARK in (doc.source or "") or doc.reader == "feed"
        assert fictional, f"{doc.origin}: source {doc.source!r} does not say the document is fictional"
    feed = (demo.registry_path().parent / "corpus" / "arvenian-mfa.rss").read_text(encoding="utf-8")
    assert "fictional" in feed.split("<item>")[0]  # the channel says so; run_demo also labels the items
    ids = [d.id for d in documents]
    assert len(ids) == len(set(ids)), "two demo documents have the same text"


def test_the_statement_page_and_the_transcripts_keep_their_structure(documents):
    by_title = {d.title: d for d in documents}
    page = by_title["Statement by Foreign Minister Yelena Koshkina on the Halden talks"]
    assert "I am grateful" in page.text and "Our hand is extended" in page.text
    assert page.text.startswith("Statement by Foreign Minister Yelena Koshkina")
    assert "Borovian Ministry of Foreign Affairs" in (page.source or "")
    transcript = next(d for d in documents if d.title.startswith("Transcript: press conference"))
    assert len(re.findall(r"^Lena Marek: ", transcript.text, re.MULTILINE)) == 4
    assert len(re.findall(r"^Question: ", transcript.text, re.MULTILINE)) == 3


def test_the_demo_names_no_real_person():
    from parley.actors import load_registry

    real = [a for a in load_registry() if a.type == "person" and a.side not in DEMO_SIDES]
    text = " ".join(r["text"] + " " + r["title"] for r in _jsonl_records())
    named = sorted(a.name for a in real if re.search(rf"\b{re.escape(a.name)}\b", text))
    assert named == []


# ---------------------------------------------------------------------------------------- registry
@pytest.fixture(scope="module")
def registry():
    from parley.actors import load_registry

    return load_registry(extra=[demo.registry_path()])


def test_registry_loads_and_checks_clean(registry):
    mine = [a for a in registry if a.side in DEMO_SIDES and a.type == "person"]
    assert 12 <= len(mine) <= 16
    problems = [p for p in registry.check() if str(demo.registry_path()) in p]
    # The demo is set in 2030, so the one role that begins inside the demo's period (the new
    # Borovian foreign minister) starts "in the future"; nothing else may be reported.
    rest = [p for p in problems if not re.search(r"starts in the future \(2030-", p)]
    assert rest == []
    assert len(problems) <= 1


@pytest.mark.parametrize(
    ("mention", "day", "expected"),
    [
        ("the Borovian foreign minister", "2030-02-23", "Arkady Dravin"),
        ("the Borovian foreign minister", "2030-04-05", "Yelena Koshkina"),
        ("Borovia's foreign minister", "2030-04-05", "Yelena Koshkina"),
        ("Secretary of the Borovian Security Council", "2030-03-13", "Rostislav Gorch"),
        ("Borovian presidential spokesman", "2030-02-13", "Gleb Yantar"),
        ("Arvenian Defence Minister Ostap Vereda", "2030-02-21", "Ostap Vereda"),
        ("Borovia's chief negotiator", "2030-03-28", "Oleg Sevrin"),
        ("the Meridian envoy Sofia Halloran", "2030-02-26", "Sofia Halloran"),
        ("the Borovian Defence Ministry", "2030-03-16", "Borovian Defence Ministry"),
    ],
)
def test_demo_roles_resolve_by_date(registry, mention, day, expected):
    actor = registry.resolve(mention, on=dt.date.fromisoformat(day), language="en")
    assert actor is not None and actor.name == expected


@pytest.mark.parametrize(
    ("mention", "language", "expected"),
    [("Кошкиной", "ru", "Yelena Koshkina"), ("Глава МИД Боровии", "ru", "Yelena Koshkina"),
     ("Саркана", "ru", "Viktor Sarkan"), ("Президент Арвенії", "uk", "Mirela Vostan")],
)
def test_russian_and_ukrainian_forms_resolve(registry, mention, language, expected):
    actor = registry.resolve(mention, on=dt.date(2030, 4, 20), language=language)
    assert actor is not None and actor.name == expected


def test_acled_actor_names_map_to_the_fictional_sides(registry):
    assert registry.side_for("Military Forces of Borovia (2024-)") == "XB"
    assert registry.side_for("Military Forces of Arvenia (2027-)") == "XA"
    assert registry.side_for("Civilians (Arvenia)") == "XA"


# ------------------------------------------------------------------------------------------- deeds
def test_acled_export_has_acled_columns_and_reads_without_rejections(registry):
    from parley.ingest.events import is_attack, read_events

    acled, _ = demo.deeds_paths()
    with acled.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert set(ACLED_COLUMNS) <= set(header)
    items = list(read_events(acled, registry=registry))
    assert [i for i in items if isinstance(i, Rejection)] == []
    events = [i for i in items if isinstance(i, Event)]
    assert 40 <= len(events) <= 60
    assert all(demo.DEMO_SINCE <= e.date <= demo.DEMO_UNTIL for e in events)
    assert {e.side1 for e in events} == {"XA", "XB"}
    assert all("Fictional" in (e.notes or "") for e in events)
    # the side that declared the 72-hour truce (14-16 March) attacked inside it
    inside = [e for e in events if e.side1 == "XB" and is_attack(e) and dt.date(2030, 3, 14) <= e.date <= dt.date(2030, 3, 16)]
    assert len(inside) >= 3


def test_gdelt_export_has_61_columns_and_reads(registry):
    from parley.ingest.events import GDELT2_COLUMNS, read_events

    _, gdelt = demo.deeds_paths()
    lines = gdelt.read_text(encoding="utf-8").splitlines()
    assert len(GDELT2_COLUMNS) == 61
    assert all(len(line.split("\t")) == 61 for line in lines)
    items = list(read_events(gdelt, registry=registry))
    assert [i for i in items if isinstance(i, Rejection)] == []
    events = [i for i in items if isinstance(i, Event)]
    assert len(events) == len(lines)
    assert {e.dataset for e in events} == {"gdelt"}
    assert {e.side1 for e in events} == {"XA", "XB"}
    assert {e.quad for e in events} >= {1, 2, 3, 4}
    assert all(e.cameo for e in events)
