"""parley.analysis.contradictions: the indexed pairing gives exactly what the full scan gave.

The reference (tests/contradictions_reference.py) compares every stance with every later stance in
the window; the library forms only the pairs some rule could flag. Both must return the same
contradictions, in the same order, on the gold statements, on the demo, and on random stores built
here from sentences written for each rule (with missing dates, missing sides, shared actor ids,
joint acts over one span and long turns read sentence by sentence)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from contradictions_reference import find_contradictions_reference

from parley.analysis.contradictions import RULE_NAMES, find_contradictions
from parley.records import Signal, Statement, to_dict

#: sentences written for the rules: (text, codes, cue words for the coder's signals)
SENTENCES = [
    ("We are ready to meet them without any preconditions.", ["OFFER_TALKS"], "ready to meet"),
    ("Our delegation will travel to the talks.", ["OFFER_TALKS"], "delegation will travel"),
    ("We are ready to talk about neutral status and security guarantees.", ["OFFER_TALKS"], "ready to talk"),
    ("Talks can only start once the shelling of our cities stops.", ["SET_CONDITIONS"], "only start once"),
    ("We can discuss neutral status only after a full ceasefire.", ["SET_CONDITIONS"], "only after"),
    ("A ceasefire is needed to start the dialogue.", ["SET_CONDITIONS"], "needed to start"),
    ("The president declared a three-day truce from May 8.", ["CEASEFIRE"], "declared a three-day truce"),
    ("We call for an immediate ceasefire along the whole line.", [], ""),
    ("There will be no ceasefire until all our goals are achieved.", ["REJECT"], "no ceasefire"),
    ("A truce now would be a trap, we reject it.", ["REJECT"], "reject"),
    ("They violated the ceasefire within hours.", ["ACCUSE"], "violated"),
    ("We remain committed to the Minsk agreements and their implementation.", [], ""),
    ("We support the Istanbul communique as a basis for a settlement.", ["AGREE"], "support"),
    ("The Minsk agreements are dead; they were killed long ago.", ["REJECT"], "dead"),
    ("The Istanbul communique no longer exists for us.", ["REJECT"], "no longer"),
    ("I support the proposal to hold a referendum in the region.", ["AGREE"], "support the proposal"),
    ("We are not discussing this, it is not on the table.", ["REJECT"], "not on the table"),
    ("It is time to make a decision on recognition; dragging it out is wrong.", ["REJECT"], "time to make"),
    ("If there is no progress, we will move to recognition.", ["SET_CONDITIONS"], "if there is no progress"),
    ("We will not try to return Crimea by military means.", ["CONCEDE"], "will not try"),
    ("We are ready to drop our demand on sanctions.", ["CONCEDE"], "drop our demand"),
    ("We will fight until we regain every meter of our land.", ["THREATEN"], "fight until"),
    ("We will never give up Crimea, no concessions on sanctions.", ["REJECT"], "never give up"),
    ("We thank our partners for their support.", ["PRAISE"], "thank"),
    ("Our forces shelled the depot overnight.", [], ""),
]
SPEAKERS = [  # (speaker, actor id, side): two "Petrenko"s with one name and two actor ids, and unknown sides
    ("Olena Petrenko", "ua-petrenko", "UA"), ("Olena Petrenko", "ua-petrenko-2", "UA"), ("Taras Bondar", None, "UA"),
    ("Taras Bondar", "ua-bondar", None), ("Ivan Sokolov", "ru-sokolov", "RU"), ("Maria Volkova", None, None),
    ("the Foreign Ministry", None, "RU"), ("Anna Berg", None, None), (None, None, "UA"), ("James Harper", "us-harper", "us"),
]


class Registry:
    def side_for(self, name):
        if name == "Anna Berg":
            return None  # a name the registry does not know: the side stays unknown
        return {"Maria Volkova": "RU", "Taras Bondar": "UA", "Olena Petrenko": "UA"}.get(name)


def random_store(seed: int, n_docs: int = 70) -> list[Statement]:
    rng = random.Random(seed)
    out = []
    first = dt.date(2025, 1, 1)
    for d in range(n_docs):
        day = None if rng.random() < 0.08 else first + dt.timedelta(days=rng.randrange(120))
        pos = 0
        for _ in range(rng.randint(1, 7)):
            k = 1 if rng.random() < 0.8 else rng.randint(3, 9)  # sometimes a long turn, read sentence by sentence
            picked = [rng.choice(SENTENCES) for _ in range(k)]
            text = " ".join(t for t, _, _ in picked)
            signals = []
            for t, codes, cue in picked:
                for c in codes:
                    cond = rng.choice([None, None, True, False]) if c in ("OFFER_TALKS", "CEASEFIRE") else None
                    signals.append(Signal(c, 0.9, cues=(cue,) if cue else (), conditional=cond, coder="test",
                                          negated=rng.random() < 0.03))
            speaker, actor, side = rng.choice(SPEAKERS)
            start = pos if rng.random() < 0.85 or not out or out[-1].doc_id != f"doc-{d}" else out[-1].start
            end = start + len(text)
            out.append(Statement(
                doc_id=f"doc-{d}", start=start, end=end, text=text, kind="direct", speaker=speaker, actor_id=actor,
                side=side, published=day, signals=tuple(signals), extractor="test"))
            pos = end + rng.randint(1, 300)
    return out


def same(found, expected) -> bool:
    return [to_dict(c) for c in found] == [to_dict(c) for c in expected]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("window", [0, 5, 21, 70])
def test_random_stores_give_what_the_full_scan_gave(seed, window):
    statements = random_store(seed)
    for registry in (None, Registry()):
        expected = find_contradictions_reference(statements, window_days=window, registry=registry)
        found = find_contradictions(statements, window_days=window, registry=registry)
        assert same(found, expected)
        if window == 21 and registry is not None:
            assert len(expected) >= 5, "the random store should exercise the rules"
            assert {c.rule for c in expected} == set(RULE_NAMES)


@pytest.mark.parametrize("rules", [["agree_vs_reject"], ["unconditional_vs_conditions", "concession_vs_refusal"],
                                   ["ceasefire_vs_rejection", "now_vs_conditional"]])
def test_rule_subsets_give_what_the_full_scan_gave(rules):
    statements = random_store(11)
    expected = find_contradictions_reference(statements, window_days=30, registry=Registry(), rules=rules)
    assert expected, "the subset should flag something"
    assert same(find_contradictions(statements, window_days=30, registry=Registry(), rules=rules), expected)


def test_input_order_and_duplicates_do_not_matter():
    statements = random_store(5)
    shuffled = statements[::-1] + statements[:50]
    assert same(find_contradictions(shuffled, window_days=21), find_contradictions_reference(statements, window_days=21))


def test_gold_statements_give_what_the_full_scan_gave(gold_dir):
    from parley.evaluation.contradictions import load_gold_pairs, load_gold_statements

    statements = [s for p in load_gold_pairs(gold_dir / "contradictions-dev.jsonl") for s in (p.a, p.b)]
    for name in ("dev.jsonl", "dev-ru.jsonl", "dev-uk.jsonl"):
        statements += load_gold_statements(gold_dir / name)
    for window in (21, 70, 400):
        expected = find_contradictions_reference(statements, window_days=window)
        assert expected
        assert same(find_contradictions(statements, window_days=window), expected)


def test_extracted_statements_of_the_gold_documents_give_what_the_full_scan_gave(gold_dir):
    from parley.evaluation.contradictions import ingest_pipeline

    statements, _ = ingest_pipeline(gold_dir / "contradictions-dev-docs.jsonl")
    for window in (21, 70):
        expected = find_contradictions_reference(statements, window_days=window)
        assert expected
        assert same(find_contradictions(statements, window_days=window), expected)


def test_demo_gives_what_the_full_scan_gave():
    from parley import demo
    from parley.api import Parley

    with Parley.open(":memory:") as parley:
        demo.run_demo(parley)
        registry = parley.registry
        statements = parley.statements()
    for window in (21, 60):
        expected = find_contradictions_reference(statements, window_days=window, registry=registry)
        assert expected
        assert same(find_contradictions(statements, window_days=window, registry=registry), expected)
