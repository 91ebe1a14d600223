"""The signal commands, in process: code, codebook, eval signals, eval plover."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from parley.cli import app
from parley.signals.codebook import SIGNAL_CODES, codebook_markdown

runner = CliRunner()


def test_code_jsonl_from_stdin():
    inp = (
        '{"id": "a", "cue": "said", "text": "We are ready to resume negotiations without preconditions."}\n'
        '{"id": "b", "cue": "rejected", "text": "the proposal of the other side", "source": "Kyiv"}\n'
    )
    res = runner.invoke(app, ["code", "-", "--format", "jsonl"], input=inp)
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    a = rows[0]
    assert set(a) == {"id", "plover", "plover_mode", "cameo", "goldstein", "signals"}
    assert a["plover"] == "CONSULT" and a["cameo"] == "036" and a["goldstein"] == 4.0
    sig = a["signals"][0]
    assert sig["code"] == "OFFER_TALKS" and sig["conditional"] is False
    assert set(sig) == {"code", "confidence", "cues", "conditional", "conditions", "target", "topics"}
    assert rows[1]["signals"][0]["code"] == "REJECT"


def test_code_reports_bad_lines_and_goes_on(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(
        '{"id": 1, "text": "We are grateful to our partners."}\n'
        '{"id": 2, "text": \n'
        '{"id": 3}\n'
        "Russian troops shelled Kharkiv, killing civilians.\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["code", str(f), "--format", "jsonl"])
    assert res.exit_code == 1
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["1", "4"]
    assert rows[0]["signals"][0]["code"] == "PRAISE"
    assert "line 2" in res.stderr and "not valid JSON" in res.stderr
    assert "line 3" in res.stderr and "no text" in res.stderr
    assert "2 line(s) rejected" in res.stderr


def test_code_missing_file():
    res = runner.invoke(app, ["code", "/nonexistent/in.jsonl"])
    assert res.exit_code == 1
    assert "Error:" in res.stderr and "no such file" in res.stderr


def test_code_csv():
    res = runner.invoke(app, ["code", "-", "--format", "csv"], input="We propose an immediate ceasefire.\n")
    assert res.exit_code == 0
    header, row = res.stdout.splitlines()[:2]
    assert header == "id,plover,plover_mode,cameo,goldstein,signals"
    assert row.startswith("1,RETREAT,ceasefire,0871,9.0,") and "CEASEFIRE" in row


def test_codebook_formats():
    res = runner.invoke(app, ["codebook", "--format", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert [r["code"] for r in rows] == list(SIGNAL_CODES)
    md = runner.invoke(app, ["codebook", "--format", "md"])
    assert md.exit_code == 0 and md.stdout == codebook_markdown()
    bad = runner.invoke(app, ["codebook", "--format", "xml"])
    assert bad.exit_code == 2


def test_eval_signals_oracle(gold_dir):
    res = runner.invoke(app, ["eval", "signals", "--gold", str(gold_dir / "dev.jsonl"), "--oracle", "--format", "json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)[0]
    assert rep["mode"] == "oracle" and rep["matched"] == rep["gold_statements"]
    assert 0.0 < rep["micro_f1"] <= 1.0
    assert {c["code"] for c in rep["per_code"]} <= set(SIGNAL_CODES)


def test_eval_signals_missing_gold(tmp_path):
    res = runner.invoke(app, ["eval", "signals", "--gold", str(tmp_path / "none.jsonl"), "--oracle"])
    assert res.exit_code == 1
    assert "Error:" in res.stderr


def test_eval_plover(corpora_dir, tmp_path):
    lines = (corpora_dir / "plover" / "PLV_train.tsv").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "plv.tsv"
    small.write_text("\n".join(lines[:1] + lines[1::10]) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "plover", "--plv", str(small), "--format", "csv"])
    assert res.exit_code == 0, res.output
    out = res.stdout.splitlines()
    assert out[0] == "code,support,tp,fp,fn,precision,recall,f1"
    assert any(line.startswith("accuracy,") for line in out)
    assert "accuracy" in res.stderr
    bad = runner.invoke(app, ["eval", "plover", "--plv", str(small), "--cv", "1"])
    assert bad.exit_code == 2


def test_help_ends_with_examples():
    for args in (["code"], ["codebook"], ["train-coder"], ["eval", "signals"], ["eval", "plover"]):
        res = runner.invoke(app, [*args, "--help"])
        assert res.exit_code == 0
        assert "Example:" in res.stdout and "parley " in res.stdout.split("Example:")[-1]


def test_eval_signals_needs_gold_or_annotations_and_refuses_the_blind_split():
    res = runner.invoke(app, ["eval", "signals"])
    assert res.exit_code == 1
    assert "give --gold FILE or --annotations DIR" in res.output
    res = runner.invoke(app, ["eval", "signals", "--annotations", "annotations", "--split", "blind"])
    assert res.exit_code == 1
    assert "the blind split is scored by the coordinator" in res.output


def test_eval_signals_on_an_annotation_file(corpora_dir, tmp_path):
    """One dev annotation document scored as JSON: per language, genre, code, theatre, target, ECE."""
    from parley.evaluation.annotations import annotation_files

    lines = [line for f in annotation_files() for line in f.read_text(encoding="utf-8").splitlines()
             if '"split": "dev"' in line]
    one = tmp_path / "one.jsonl"
    one.write_text(lines[0] + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "signals", "--annotations", str(one), "--split", "dev", "--oracle",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)[0]
    assert d["mode"] == "oracle" and d["split"] == "dev"
    assert d["scored"] >= 1 and set(d["per_language"]) >= {"en", "ru", "uk"} & set(d["per_language"])
    for key in ("micro_f1", "macro_f1", "theatre_accuracy", "target_accuracy", "ece", "reliability", "per_genre"):
        assert key in d


def test_statements_refuses_an_unknown_theatre(tmp_path):
    from parley.store import open_store

    open_store(tmp_path / "x.db").close()
    res = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "statements", "--theatre", "mars"])
    assert res.exit_code == 1
    assert "theatre 'mars' is not a theatre; known: russia-ukraine, middle-east, bilateral, other" in res.output
