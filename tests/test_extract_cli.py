"""`parley extract` and `parley eval attribution`, run in-process."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from parley.cli import app
from parley.cli.extract import eval_app

runner = CliRunner()


def test_extract_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    text = '"We are ready," Peskov said. Lavrov told reporters that Russia was ready for talks.'
    src.write_text(json.dumps({"id": "a1", "text": text, "published": "2025-03-01", "language": "en"}) + "\n")
    r = runner.invoke(app, ["extract", str(src), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["doc_id"], x["speaker"], x["mention"], x["side"], x["cue"], x["kind"], x["text"]) for x in rows] == [
        ("a1", "Dmitry Peskov", "Peskov", "RU", "said", "direct", "We are ready"),
        ("a1", "Sergey Lavrov", "Lavrov", "RU", "told reporters", "indirect", "Russia was ready for talks"),
    ]
    for x in rows:
        assert text[x["start"] : x["end"]] == x["text"]
        assert x["published"] == "2025-03-01"
        assert set(x) >= {"actor_id", "side", "mention", "signals"}
    # statements are coded as `parley ingest` codes them
    assert [s["code"] for s in rows[1]["signals"]] == ["OFFER_TALKS"]


def test_extract_missing_file_is_reported(tmp_path):
    r = runner.invoke(app, ["extract", str(tmp_path / "nope.jsonl"), "--format", "jsonl"])
    assert r.exit_code == 1
    assert r.stdout == ""
    assert f"Rejected: {tmp_path / 'nope.jsonl'}: no such file or folder" in r.stderr


def test_extract_all_reextracts_the_store(tmp_path):
    db = str(tmp_path / "p.db")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "b1", "text": "Lavrov said that Russia was ready for talks.",
                               "published": "2025-03-01"}) + "\n")
    assert runner.invoke(app, ["--db", db, "ingest", "--no-extract", str(src)]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "statements", "--format", "jsonl"]).stdout == ""
    r = runner.invoke(app, ["--db", db, "extract", "--all", "--format", "json"])
    assert r.exit_code == 0, r.output
    counts = json.loads(r.stdout)[0]
    assert counts["documents"] == 1 and counts["statements"] == 1 and counts["failed"] == 0
    rows = [json.loads(x) for x in runner.invoke(app, ["--db", db, "statements", "--format", "jsonl"]).stdout.splitlines()]
    assert [(x["speaker"], x["text"]) for x in rows] == [("Sergey Lavrov", "Russia was ready for talks")]
    assert rows[0]["extractor"].startswith("parley.extract.en/")
    assert runner.invoke(app, ["--db", db, "extract", "--all", "x.jsonl"]).exit_code == 1


def test_eval_needs_one_source():
    r = runner.invoke(app, ["eval", "attribution"])
    assert r.exit_code == 1
    assert "give exactly one of --gold FILE, --polnear DIR or --annotations DIR" in r.output


def test_eval_attribution_json(gold_dir):
    r = runner.invoke(app, ["eval", "attribution", "--gold", str(gold_dir / "dev.jsonl"), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["dataset"] == "dev.jsonl" and data["documents"] == 20 and data["gold"] == 204
    assert 0 <= data["precision"] <= 1 and 0 <= data["f1"] <= 1


def test_eval_attribution_table(corpora_dir):
    r = runner.invoke(app, ["eval", "attribution", "--polnear", str(corpora_dir / "polnear"), "--format", "csv"])
    assert r.exit_code == 0, r.output
    header, row = r.stdout.splitlines()
    assert header == "dataset,documents,predicted,gold,precision,recall,f1,speaker_accuracy"
    assert row.startswith("polnear-dev,84,")


def test_eval_app_is_exposed_for_other_commands():
    assert any(c.name == "attribution" for c in eval_app.registered_commands)
