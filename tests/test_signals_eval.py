"""Quality floors of the signal coder on real, frozen data (tests/floors/signals.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.evaluation.signals import evaluate_plover, evaluate_signals, read_gold_documents

FLOORS = json.loads((Path(__file__).parent / "floors" / "signals.json").read_text(encoding="utf-8"))
TOL = FLOORS["tolerance"]


def test_signal_floors_oracle(gold_dir):
    floor = FLOORS["signals_oracle"]
    rep = evaluate_signals(gold_dir / floor["gold"], oracle=True)
    assert rep.matched == rep.gold_statements > 0
    f = rep.micro[2]
    assert f >= floor["micro_f1"] - TOL, rep.as_dict()
    assert rep.macro_f1 >= floor["macro_f1"] - TOL
    by = {c.code: c for c in rep.per_code}
    for code, f1 in floor["per_code_f1"].items():
        assert by[code].f1 >= f1 - TOL, by[code].as_dict()
    for c in rep.per_code:
        if c.support >= 5:
            assert c.f1 >= floor["min_f1_for_codes_with_support_5"], c.as_dict()


def test_signal_floors_end_to_end(gold_dir):
    floor = FLOORS["signals_end_to_end"]
    rep = evaluate_signals(gold_dir / floor["gold"])
    assert rep.mode == "end-to-end"
    assert rep.matched >= floor["min_matched"]
    assert rep.micro[2] >= floor["micro_f1"] - TOL, rep.as_dict()


def test_plover_cross_validation_floor(corpora_dir):
    floor = FLOORS["plover_cv5"]
    rep = evaluate_plover(corpora_dir / floor["plv"], cv=5)
    assert rep.macro_f1 >= floor["macro_f1"] - TOL, rep.as_dict()
    assert rep.accuracy >= floor["accuracy"] - TOL


def test_gold_reader_keeps_ids_and_rejects_bad_lines(gold_dir, tmp_path):
    docs = read_gold_documents(gold_dir / "dev.jsonl")
    assert len(docs) == 20 and all(doc.id and stmts for doc, stmts in docs)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    from parley.errors import InputError

    with pytest.raises(InputError, match="line 1"):
        read_gold_documents(bad)
