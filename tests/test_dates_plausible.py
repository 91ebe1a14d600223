"""Dates an analyst can trust: a document dated before the ``earliest_date`` setting (1991 by
default) or in the future is kept, undated, with the date it gave and the reason; `parley docs
--undated` lists it and the overview counts it; a year named in a sentence ("on June 22, 1941")
dates what is spoken of, not the statement."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from parley.api import Parley
from parley.records import Document
from parley.cli import app
from parley.extract import extract
from parley.extract.dates import date_in
from parley.extract.lexicon import load_lexicon
from parley.ingest.dates import implausible_date

runner = CliRunner()

RECORDS = [
    {"id": "old", "title": "Archive", "text": "The minister said the talks would resume next week.",
     "published": "1941-06-22"},
    {"id": "future", "title": "Ahead", "text": "The envoy said a ceasefire was close.", "published": "2099-01-01"},
    {"id": "none", "title": "Undated", "text": "The spokesman said nothing had changed."},
    {"id": "ok", "title": "Today", "text": "The spokesman said the talks went well.", "published": "2025-03-01"},
]


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def _ingest(tmp_path: Path, db: str, env: dict | None = None) -> None:
    src = tmp_path / "records.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    out = run("--db", db, "ingest", "--no-extract", str(src), "--format", "json", env=env)
    assert out.exit_code == 0, out.output


def test_implausible_dates_are_kept_undated_and_listed(tmp_path):
    db = str(tmp_path / "p.db")
    _ingest(tmp_path, db)
    docs = {d["external_id"]: d for d in map(json.loads, run("--db", db, "docs", "--format", "jsonl").stdout.splitlines())}
    assert len(docs) == 4, "no document is dropped"
    assert docs["ok"]["published"] == "2025-03-01"
    assert docs["old"]["published"] is None and "1941-06-22: before 1991-01-01" in docs["old"]["metadata"]["implausible_date"]
    assert docs["future"]["published"] is None and "in the future" in docs["future"]["metadata"]["implausible_date"]
    listed = run("--db", db, "docs", "--undated", "--format", "csv").stdout
    rows = {r["id"]: r for r in csv.DictReader(listed.splitlines())}
    assert {docs[k]["id"] for k in ("old", "future", "none")} == set(rows)
    assert rows[docs["none"]["id"]]["date"] == "no date"
    assert rows[docs["old"]["id"]]["date"].startswith("1941-06-22: before")
    with Parley.open(db) as p:
        assert p.undated() == (3, 0)
        assert p.overview().undated_documents == 3


def test_the_earliest_date_is_a_setting(tmp_path):
    db = str(tmp_path / "p.db")
    _ingest(tmp_path, db, env={"PARLEY_EARLIEST_DATE": "1900-01-01"})
    docs = {d["external_id"]: d for d in map(json.loads, run("--db", db, "docs", "--format", "jsonl").stdout.splitlines())}
    assert docs["old"]["published"] == "1941-06-22"
    bad = run("--db", db, "ingest", "--no-extract", str(tmp_path / "records.jsonl"), env={"PARLEY_EARLIEST_DATE": "soon"})
    assert bad.exit_code == 1 and "earliest_date" in bad.output


def test_the_rule_itself():
    today = dt.date(2026, 1, 1)
    assert implausible_date(dt.date(1990, 12, 31), today=today).startswith("before 1991-01-01")
    assert implausible_date(dt.date(2026, 1, 2), today=today) is None  # a day's grace for time zones
    assert "future" in implausible_date(dt.date(2026, 1, 3), today=today)
    assert implausible_date(dt.date(1991, 1, 1), today=today) is None


def test_a_year_in_the_sentence_is_not_the_statements_date():
    lex = load_lexicon("en")
    published = dt.date(2022, 6, 22)
    assert date_in("the war that came to our motherland on june 22, 1941, without declaring war", published, lex) is None
    assert date_in("he said on june 20, 2022 that", published, lex) == dt.date(2022, 6, 20)
    assert date_in("he said on june 20 that", published, lex) == dt.date(2022, 6, 20)


def test_real_speeches_that_recall_history_keep_their_own_date(corpora_dir):
    """Zelensky's and Putin's press releases recall 1941 and 1991: no statement read from them is
    dated more than a year before its release."""
    folder = corpora_dir / "kremlin-zelensky-press-2021-22"
    csv.field_size_limit(10_000_000)
    rows = []
    for name in ("putin_press_releases_en.csv", "zelenskyy_press_releases_en.csv"):
        with open(folder / name, encoding="utf-8", newline="") as fh:
            rows += [r for r in csv.DictReader(fh) if "1941" in r["body"] or "1991" in r["body"]][:15]
    assert len(rows) >= 10
    statements = 0
    for r in rows:
        published = dt.date.fromisoformat(r["date"][:10])
        doc = Document.create(r["body"], title=r["headline"], published=published, language="en")
        for s in extract(doc):
            statements += 1
            assert published - dt.timedelta(days=366) <= s.published <= published, (r["link"], s.text[:80])
    assert statements > 20
