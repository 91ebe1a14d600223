"""The attribution evaluation: matching rules on hand-made records, and the quality floors on
real annotated text (../shared/gold/dev.jsonl, PolNeAR dev and train)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_doubles import TinyRegistry

from parley.extract import Extractor, get_extractor
from parley.evaluation.attribution import (
    GoldStatement,
    evaluate_gold,
    evaluate_polnear,
    match_statements,
    overlap_ok,
    read_gold,
    read_polnear,
    source_agrees,
    speakers_agree,
)
from parley.records import Statement

FLOORS = json.loads((Path(__file__).parent / "floors" / "attribution.json").read_text())
TOL = FLOORS["tolerance"]


def st(start, end, speaker, doc="d"):
    return Statement(doc_id=doc, start=start, end=end, text="x" * (end - start), kind="indirect", speaker=speaker)


def test_overlap_needs_half_of_the_shorter_span():
    assert overlap_ok(0, 10, 5, 100)  # 5 of the shorter 10
    assert not overlap_ok(0, 10, 6, 100)
    assert not overlap_ok(0, 10, 10, 20)


def test_speakers_agree_on_name_or_surname():
    assert speakers_agree("Dmitry Peskov", "Peskov")
    assert speakers_agree("Mr. Trump", "Donald Trump")
    assert not speakers_agree("Dmitry Peskov", "Sergey Lavrov")
    assert not speakers_agree(None, "Peskov")


def test_source_agrees_with_an_apposition():
    assert source_agrees("Phil Smith", "Phil Smith, a spokesman for the United Mine Workers,")
    assert source_agrees("Laurence H. Tribe", "Another critic, Laurence H. Tribe,")
    assert not source_agrees("Trump", "Hillary Clinton")


def test_match_is_many_to_one_and_checks_speakers():
    gold = [GoldStatement("d", 0, 100, "Volodymyr Zelensky"), GoldStatement("d", 200, 250, "Peskov")]
    pred = [st(0, 40, "Zelensky"), st(40, 100, "Volodymyr Zelensky"), st(200, 250, "Lavrov"), st(0, 40, "x", doc="e")]
    assert match_statements(pred, gold) == [(0, 0), (1, 0)]
    assert match_statements(pred, gold, check_speaker=False) == [(0, 0), (1, 0), (2, 1)]


def test_readers(gold_dir, corpora_dir):
    docs = read_gold(gold_dir / "dev.jsonl")
    assert len(docs) == 20 and sum(len(g) for _, g in docs) == 204
    for doc, gold in docs:
        for g in gold:
            assert 0 <= g.start < g.end <= len(doc.text)
    pn = read_polnear(corpora_dir / "polnear", "dev")
    assert len(pn) == 84
    assert all(doc.external_id and doc.published for doc, _ in pn)


def test_offsets_on_real_text(gold_dir, corpora_dir):
    ex = Extractor(registry=TinyRegistry())
    docs = [d for d, _ in read_gold(gold_dir / "dev.jsonl")] + [d for d, _ in read_polnear(corpora_dir / "polnear", "dev")]
    n = 0
    for doc, out in zip(docs, ex.pipe(docs)):
        for s in out:
            n += 1
            assert doc.text[s.start : s.end] == s.text
            assert s.start < s.end
            for p in s.parts:
                assert doc.text[p.start : p.end] == p.text
            assert s.kind in ("direct", "indirect", "mixed")
            assert s.speaker or s.mention  # an unresolved speaker keeps its mention
    assert n > 1000


@pytest.mark.corpora
def test_gold_dev_floor(gold_dir):
    r = evaluate_gold(gold_dir / "dev.jsonl", extractor=Extractor(registry=TinyRegistry()))
    floor = FLOORS["gold_dev_tiny_registry"]
    assert r.f1 >= floor["f1"] - TOL, r.as_dict()
    assert r.precision >= floor["precision"] - TOL, r.as_dict()
    assert r.recall >= floor["recall"] - TOL, r.as_dict()


@pytest.mark.corpora
def test_polnear_dev_floor(corpora_dir):
    r = evaluate_polnear(corpora_dir / "polnear", "dev", extractor=get_extractor("en", None))
    floor = FLOORS["polnear_dev"]
    assert r.f1 >= floor["f1"] - TOL, r.as_dict()
    assert r.precision >= floor["precision"] - TOL, r.as_dict()
    assert r.recall >= floor["recall"] - TOL, r.as_dict()
    assert r.speaker_accuracy >= floor["speaker_accuracy"] - TOL, r.as_dict()
