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


# -- the annotated corpus (issue 11): dev and leave-one-source-out ----------------------------------


def _check_corpus_floor(rep, floor):
    d = rep.as_dict()
    assert d["micro_f1"] >= floor["micro_f1"] - TOL, d
    assert d["macro_f1"] >= floor["macro_f1"] - TOL, d
    for lang, f1 in floor["per_language_micro_f1"].items():
        assert d["per_language"][lang]["micro_f1"] >= f1 - TOL, (lang, d["per_language"])
    assert d["ece"] <= floor["max_ece"] + TOL, d["reliability"]
    assert d["theatre_accuracy"] >= floor["theatre_accuracy"] - TOL
    assert d["target_accuracy"] >= floor["target_accuracy"] - TOL
    for c in rep.overall.per_code:
        if c.support >= 10:
            assert c.f1 >= floor["min_f1_for_codes_with_support_10"] - TOL, c.as_dict()


@pytest.mark.corpora
def test_signal_floors_on_the_dev_split(corpora_dir):
    """The coder on the gold statements of the dev split (annotated corpus and gold dev files)."""
    from parley.evaluation.signals import evaluate_corpus, split_documents

    floor = FLOORS["annotations_dev_oracle"]
    docs = split_documents(None, "dev")
    rep = evaluate_corpus(docs, split="dev", oracle=True)
    assert rep.overall.matched == rep.gold_statements >= floor["min_statements"]
    _check_corpus_floor(rep, floor)


@pytest.mark.corpora
def test_signal_floors_leave_one_source_out(corpora_dir):
    """Each train source coded by models trained on the other sources (no pre-training rows, to
    keep the test short; the floor was measured the same way)."""
    from parley.evaluation.signals import evaluate_loso, split_documents

    floor = FLOORS["annotations_loso"]
    rep = evaluate_loso(split_documents(None, "train"), plover_dir=None)
    assert rep.mode == "loso" and len(rep.groups("source")) >= 5
    _check_corpus_floor(rep, floor)


def test_the_blind_split_is_refused():
    from parley.errors import InputError
    from parley.evaluation.signals import split_documents

    with pytest.raises(InputError, match="scored by the coordinator"):
        split_documents(None, "blind")
    with pytest.raises(InputError, match="use train or dev"):
        split_documents(None, "test")


def test_reliability_table_and_expected_calibration_error():
    from parley.evaluation.signals import reliability

    ece, table = reliability([0.95, 0.95, 0.55, 0.55, 0.15], [True, True, True, False, True])
    assert [(b.signals, round(b.accuracy, 2)) for b in table] == [(1, 1.0), (2, 0.5), (2, 1.0)]
    # |0.15-1|*1/5 + |0.55-0.5|*2/5 + |0.95-1|*2/5
    assert ece == pytest.approx(0.85 / 5 + 0.05 * 2 / 5 + 0.05 * 2 / 5)
    assert reliability([], [])[0] == 0.0
