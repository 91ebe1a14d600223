"""No traceback at default verbosity (issue 15): a document a stage fails on is a rejection with
its reason, printed on one line; the traceback is shown only with -vv."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import parley.pipeline as pipeline
from parley.cli import app


def test_a_stage_failure_is_one_line_not_a_traceback(tmp_path, monkeypatch, caplog):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "Peskov said that the talks would resume next week.", "language": "en"}) + "\n")

    def broken(self, doc):
        raise ValueError("odd text")

    monkeypatch.setattr(pipeline.Processor, "process_one", broken)
    caplog.set_level("DEBUG", logger="parley.pipeline")
    out = CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "ingest", str(src), "--format", "json"])
    assert out.exit_code == 1
    assert "Traceback" not in out.output, out.output
    assert "extraction failed: ValueError: odd text" in out.output
    # the traceback is logged at debug level (shown with -vv)
    [record] = [r for r in caplog.records if r.getMessage().startswith("extraction failed on")]
    assert record.levelname == "DEBUG" and record.exc_info is not None
