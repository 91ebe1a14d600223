"""The analysis commands, in-process: contradictions, profile, trends, deeds import, saydo, eval."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from analysis_helpers import st
from typer.testing import CliRunner

from parley.cli import app
from parley.records import Document

runner = CliRunner()
DEEDS = Path(__file__).parent / "data" / "deeds"


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    """A SQLite store holding one side's statements written for these tests."""
    from parley.store import open_store

    path = tmp_path / "parley.db"
    store = open_store(path)
    text = ("The minister said: we are ready to meet them without any preconditions. "
            "The adviser said talks can only start once the shelling of our cities stops. "
            "The spokesman said the president declared a three-day truce from May 8. "
            "The other side's minister said talks can only start once our troops leave.")
    doc = Document.create(text, title="Test statements", published=None, external_id="t1")
    store.add_documents([doc])

    def span(phrase, **kw):
        i = text.index(phrase)
        s = st(phrase, doc=doc.id, start=i, **kw)
        assert text[s.start:s.end] == s.text
        return s

    statements = [
        span("we are ready to meet them without any preconditions", speaker="Minister A", side="XA",
             codes=["OFFER_TALKS"], day="2025-05-01"),
        span("talks can only start once the shelling of our cities stops", speaker="Adviser B", side="XA",
             codes=["SET_CONDITIONS"], day="2025-05-01"),
        span("the president declared a three-day truce from May 8", speaker="Spokesman C", side="RU",
             codes=["CEASEFIRE"], day="2025-05-01"),
        span("talks can only start once our troops leave", speaker="Minister D", side="XB",
             codes=["SET_CONDITIONS"], day="2025-05-01"),
    ]
    for i in range(11):  # eleven more each: enough statements for a role (MIN_EVIDENCE)
        statements.append(st(f"We thank our partners, number {i}.", speaker="Minister A", side="XA", codes=["PRAISE"],
                             doc=doc.id, start=2000 + 100 * i, day=f"2025-05-{i + 2:02d}"))
        statements.append(st(f"We will strike back, number {i}.", speaker="Adviser B", side="XA", codes=["THREATEN"],
                             doc=doc.id, start=3000 + 100 * i, day=f"2025-05-{i + 2:02d}"))
    store.replace_statements_many({doc.id: statements})
    store.close()
    return str(path)


def test_contradictions_jsonl_one_object_per_pair(db):
    out = run("--db", db, "contradictions", "--format", "jsonl")
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["rule"] == "unconditional_vs_conditions" and row["explanation"]
    for key in ("a", "b"):
        assert {"doc_id", "speaker", "side", "text", "start", "end", "published", "signals"} <= set(row[key])
    assert {row["a"]["speaker"], row["b"]["speaker"]} == {"Minister A", "Adviser B"}  # never Minister D (XB)


def test_contradictions_csv_table_and_rules(db):
    out = run("--db", db, "contradictions", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 1 and rows[0]["a_speaker"] == "Minister A"
    table = run("--db", db, "contradictions", "--format", "table")
    assert table.exit_code == 0 and "Minister A" in table.stdout and "Adviser B" in table.stdout
    rules = run("--db", db, "contradictions", "--rules", "--format", "json")
    assert {r["rule"] for r in json.loads(rules.stdout)} >= {"agree_vs_reject", "ceasefire_vs_rejection"}
    bad = run("--db", db, "contradictions", "--rule", "nonsense")
    assert bad.exit_code == 1 and "Error:" in bad.stderr


def test_profile_and_trends(db):
    out = run("--db", db, "profile", "Adviser B", "--format", "json")
    assert out.exit_code == 0, out.output
    p = json.loads(out.stdout)[0]
    assert p["actor"] == "Adviser B" and p["side"] == "XA" and p["role"] == "more hard-line than its side"
    table = run("--db", db, "profile", "Minister A", "--format", "table")
    assert "more conciliatory" in table.stdout
    missing = run("--db", db, "profile", "Nobody")
    assert missing.exit_code == 1 and "Error:" in missing.stderr
    t = run("--db", db, "trends", "--side", "XA", "--by", "week", "--format", "json")
    assert t.exit_code == 0, t.output
    trend = json.loads(t.stdout)[0]
    assert trend["side"] == "XA" and sum(p["statements"] for p in trend["points"]) == 24


def test_deeds_import_then_saydo(db):
    out = run("--db", db, "deeds", "import", str(DEEDS / "acled_sample.csv"), "--format", "json")
    assert out.exit_code == 1  # one unreadable row, reported
    summary = json.loads(out.stdout)[0]
    assert summary["rejected"] == 1 and summary["new"] == summary["read"] == 7 and "RU" in summary["sides"]
    assert "line 9" in out.stderr
    again = run("--db", db, "deeds", "import", str(DEEDS / "acled_sample.csv"), "--format", "json")
    assert json.loads(again.stdout)[0]["new"] == 0
    said = run("--db", db, "saydo", "--format", "json")
    assert said.exit_code == 0, said.output
    result = json.loads(said.stdout)[0]
    truce = result["ceasefires"][0]
    assert truce["start"] == "2025-05-08" and truce["end"] == "2025-05-10" and truce["verdict"] == "broken"
    series = run("--db", db, "saydo", "--series", "--format", "jsonl")
    assert any(json.loads(line)["attacks"] for line in series.stdout.splitlines())


def test_eval_contradictions_on_gold_statements(gold_dir):
    out = run("eval", "contradictions", "--gold", str(gold_dir / "contradictions-dev.jsonl"), "--mode", "gold",
              "--format", "json")
    assert out.exit_code == 0, out.output
    score = json.loads(out.stdout)[0]
    assert score["solid"] == sum(1 for line in (gold_dir / "contradictions-dev.jsonl").read_text().splitlines()
                                 if json.loads(line)["strength"] == "solid")
    assert 0 <= score["recall_solid"] <= 1 and score["flagged"] >= score["matched_flags"]
