"""The registry on real text: every gold speaker resolves; mention shares stay above their floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.actors import load_registry
from parley.evaluation.actors import (
    GOLD_VARIANTS,
    figures,
    mention_share,
    ria_mentions,
    speaker_names,
)

FLOORS = json.loads((Path(__file__).parent / "floors" / "actors.json").read_text(encoding="utf-8"))


@pytest.mark.corpora
def test_every_gold_speaker_resolves_to_its_canonical_name(gold_dir):
    names = speaker_names(gold_dir, load_registry())
    assert len(names) >= 60
    wrong = {s: n for s, n in names.items() if n != GOLD_VARIANTS.get(s, s)}
    assert wrong == {}
    # the two spelling variants of the gold set resolve to one actor each
    assert names["Oleg Ustenko"] == names["Oleh Ustenko"] == "Oleh Ustenko"


@pytest.mark.corpora
def test_gold_mentions_resolve_to_the_speaker_at_the_document_date(gold_dir):
    scores = mention_share(gold_dir, load_registry())
    assert set(scores) == {"en", "ru", "uk"}
    # never a wrong actor: a mention either resolves to the gold speaker or to nothing
    assert sum(s.resolved_wrong for s in scores.values()) == 0
    misses = {m for s in scores.values() for m, _, _ in s.misses}
    for pronoun_free in ("Песков", "Пескова", "Зеленський", "The President of Russia"):
        assert pronoun_free not in misses


@pytest.mark.corpora
def test_ria_speaker_phrases_are_found(corpora_dir):
    mentions = ria_mentions(corpora_dir / "ria-telegram-2024" / "ria_novosti_telegram_2024.json")
    assert mentions["Песков"] >= 5 and mentions["Путин"] >= 5


@pytest.mark.corpora
def test_figures_stay_above_their_floors(gold_dir, corpora_dir):
    got = figures(gold_dir.parent, load_registry())
    tol = FLOORS["tolerance"]
    low = {k: (got.get(k), v) for k, v in FLOORS["floors"].items() if got.get(k) is None or got[k] < v - (tol if isinstance(v, float) else 0)}
    high = {k: (got.get(k), v) for k, v in FLOORS["ceilings"].items() if got.get(k) is None or got[k] > v}
    assert low == {}, f"below floor (got, floor): {low}"
    assert high == {}, f"above ceiling (got, ceiling): {high}"
