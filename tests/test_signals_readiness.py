"""The coder reads readiness to talk put as having no fear of it ("we are not afraid to talk to
Russia"), on sentences written here and on a real address (../shared/gold)."""

from __future__ import annotations

import json

import pytest

from parley.records import Statement
from parley.signals import get_coder


def codes(text: str) -> list[str]:
    s = Statement("d", 0, len(text), text, "direct", speaker="Olena Berg", side="UA")
    return [g.code for g in get_coder()(s).signals]


@pytest.mark.parametrize("text", ["We are not afraid to talk to them.", "We were never afraid to meet their envoy.",
                                  "We are not afraid of negotiations with anyone."])
def test_not_afraid_to_talk_is_an_offer_of_talks(text):
    assert "OFFER_TALKS" in codes(text)


@pytest.mark.parametrize("text", ["We are afraid to talk to them.", "We are not afraid of their threats.",
                                  "They claim they are not afraid to talk, but they never came."])
def test_fear_or_other_fearlessness_is_no_offer(text):
    assert "OFFER_TALKS" not in codes(text)


def test_on_a_real_address(gold_dir):
    docs = [json.loads(line) for line in (gold_dir / "contradictions-dev-docs.jsonl").read_text().splitlines() if line]
    text = next(d["text"] for d in docs if d["id"].startswith("president.gov.ua:zvernennya-prezidenta"))
    sentence = next(s for s in text.split(". ") if "not afraid to talk to" in s)
    assert "OFFER_TALKS" in codes(sentence + ".")
