"""`parley export statements`: a Parquet dataset partitioned by month (issue 14), or JSON Lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.records import Document, Signal, Statement
from parley.store import open_store

runner = CliRunner()


def _fill(db: str) -> list[Statement]:
    store = open_store(db)
    docs, by_doc = [], {}
    for n, day in enumerate([dt.date(2025, 1, 5), dt.date(2025, 1, 20), dt.date(2025, 3, 2), None]):
        text = f"Minister number {n} said the talks on the corridor would resume next week."
        doc = Document.create(text, language="en", published=day, url=f"https://news.example.org/{n}")
        start = text.index("the talks")
        by_doc[doc.id] = [Statement(doc_id=doc.id, start=start, end=len(text) - 1, text=text[start:-1],
                                    kind="indirect", speaker="Minister", side="XA" if n % 2 else "XB", cue="said",
                                    published=day, language="en",
                                    signals=(Signal("OFFER_TALKS", 0.8, cues=("talks",)),))]
        docs.append(doc)
    store.add_documents(docs, by_doc, run_id=None)
    store.close()
    return [s for d in docs for s in by_doc[d.id]]


def test_statements_export_as_parquet_partitioned_by_month(tmp_path):
    pads = pytest.importorskip("pyarrow.dataset")
    db = str(tmp_path / "p.db")
    statements = _fill(db)
    out = tmp_path / "export"
    r = runner.invoke(app, ["--db", db, "export", "statements", "-o", str(out), "--format", "parquet"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"folder": str(out), "format": "parquet", "statements": 4, "months": 3}
    assert sorted(p.name for p in out.iterdir()) == ["month=2025-01", "month=2025-03", "month=undated"]
    table = pads.dataset(out, format="parquet", partitioning="hive").to_table()
    rows = {row["id"]: row for row in table.to_pylist()}
    assert set(rows) == {s.id for s in statements}
    for s in statements:
        row = rows[s.id]
        assert (row["text"], row["start"], row["end"], row["side"], row["signals"]) == \
            (s.text, s.start, s.end, s.side, ["OFFER_TALKS"])
        assert row["month"] == (s.published.strftime("%Y-%m") if s.published else "undated")
        assert json.loads(row["record"])["id"] == s.id
    again = runner.invoke(app, ["--db", db, "export", "statements", "-o", str(out)])
    assert again.exit_code == 1 and "not an empty folder" in again.stderr


def test_statements_export_filtered_as_json_lines(tmp_path):
    db = str(tmp_path / "p.db")
    _fill(db)
    out = tmp_path / "xa"
    r = runner.invoke(app, ["--db", db, "export", "statements", "-o", str(out), "--format", "jsonl", "--side", "XA"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and {x["side"] for x in rows} == {"XA"}
    bad = runner.invoke(app, ["--db", db, "export", "statements", "-o", str(tmp_path / "y"), "--format", "xlsx"])
    assert bad.exit_code == 1 and "parquet and jsonl" in bad.stderr
