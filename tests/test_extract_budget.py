"""The per-document extraction budget (issue 15, defect 5): a document over ``extract_max_chars``
or ``extract_max_seconds`` is stored with the visible state "not extracted: too long" and a
rejection row, instead of running without bound; the rest of the batch is read as before."""

from __future__ import annotations

import json

import pytest

import parley.stages as stages
from parley.api import Parley
from parley.errors import OverBudget

SHORT = "The minister said that the talks on the grain corridor would resume next week in Geneva."
LONG = " ".join(["Peskov said that Lavrov said that Putin said that the talks would resume."] * 40)


def _jsonl(tmp_path, *texts):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t, "language": "en"}) + "\n" for t in texts), encoding="utf-8")
    return str(path)


def _states(parley):
    store = parley._db()
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from parley.store import schema

        return {r.id: r.extraction for r in conn.execute(select(schema.documents.c.id, schema.documents.c.extraction))}


def test_a_document_over_the_size_budget_is_stored_marked_too_long(db_url, tmp_path, monkeypatch):
    """Before: no limit existed; a document of any size was extracted, however long it took."""
    monkeypatch.setenv("PARLEY_EXTRACT_MAX_CHARS", str(len(SHORT) + 10))
    with Parley.open(db_url, read_only=False) as parley:
        summary = parley.ingest([_jsonl(tmp_path, SHORT, LONG)])
        assert summary.new == 2 and summary.statements >= 1
        [rej] = summary.rejections
        assert rej.reason.startswith("not extracted: too long") and "extract_max_chars" in rej.reason
        states = _states(parley)
        assert sorted(states.values()) == ["done", "too_long"]
        long_id = next(i for i, v in states.items() if v == "too_long")
        view = parley.document(long_id)
        assert view.statements == () and view.extraction_note == "not extracted: too long"
        assert any(r.reason.startswith("not extracted: too long") for r in parley.rejections())
        # a second run neither reads it again nor reports it again as new
        again = parley.ingest([_jsonl(tmp_path, SHORT, LONG)])
        assert again.new == 0 and again.duplicate == 2 and again.rejections == []


def test_a_document_over_the_time_budget_is_given_up_and_the_batch_goes_on(tmp_path, monkeypatch):
    """The time budget is checked in the stages' loops: with a clock that jumps past the deadline
    after the first check, the long document is given up, the short one is read whole."""
    monkeypatch.setenv("PARLEY_EXTRACT_MAX_SECONDS", "5")
    real = stages.time.monotonic
    calls = {"n": 0}

    def clock():
        # the jump counts only the clock readings made under a budget (other parts of Parley read
        # the monotonic clock too, and how often they do must not decide where the jump falls)
        if stages._DEADLINE.get() is None:
            return real()
        calls["n"] += 1
        return real() + (0 if calls["n"] < 3 else 1000)

    db = str(tmp_path / "p.db")
    with Parley.open(db, read_only=False) as parley:
        parley.ingest([_jsonl(tmp_path, SHORT)])
        monkeypatch.setattr(stages.time, "monotonic", clock)
        summary = parley.ingest([_jsonl(tmp_path, LONG)])
        [rej] = summary.rejections
        assert rej.reason.startswith("not extracted: too long: extraction took more than 5 seconds")
        assert sorted(_states(parley).values()) == ["done", "too_long"]


def test_the_budget_is_a_context(monkeypatch):
    with stages.time_budget(None):
        stages.check_budget()
    with stages.time_budget(0.5):
        stages.check_budget()
        monkeypatch.setattr(stages.time, "monotonic", lambda: 10**12)
        with pytest.raises(OverBudget, match="more than 0.5 seconds"):
            stages.check_budget()
    stages.check_budget()  # outside the block: no limit


def test_show_prints_the_extraction_state(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from parley.cli import app

    monkeypatch.setenv("PARLEY_EXTRACT_MAX_CHARS", "50")
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    got = runner.invoke(app, ["--db", db, "ingest", _jsonl(tmp_path, LONG)])
    assert got.exit_code == 1 and "not extracted: too long" in got.output
    with Parley.open(db) as parley:
        [doc] = parley.documents()
    shown = runner.invoke(app, ["--db", db, "show", doc.id])
    assert shown.exit_code == 0 and "not extracted: too long" in shown.output


def test_with_no_budget_the_tokenizer_bound_still_holds_and_no_spacy_error_is_shown(monkeypatch):
    """Before (issue 15): a document past spaCy's max_length was a rejection quoting spaCy's E088."""
    import parley.extract.extractor as extractor
    import parley.pipeline as pipeline
    from parley.records import Document

    monkeypatch.setattr(pipeline, "MAX_DOCUMENT_CHARS", 200)
    monkeypatch.setattr(extractor, "MAX_DOCUMENT_CHARS", 200)
    doc = Document.create(LONG, language="en")
    statements, failures, states = pipeline.Processor(max_chars=0).process_states([doc])
    assert statements == {} and states == {doc.id: "too_long"}
    [rej] = failures
    assert rej.reason.startswith("not extracted: too long") and "E088" not in rej.reason
