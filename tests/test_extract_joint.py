"""Joint mentions read by their parts (lexicon ``joint_phrases``), the same test in every language:
"the three National Security Advisors", "the presidents of Russia and France", "Leaders ...".
Sentences written for these tests, and real readouts from the corpora (train sources only)."""

from __future__ import annotations

import pytest
from extract_doubles import TinyRegistry

from parley.extract import extract
from parley.extract.lexicon import joint_phrase, load_lexicon
from parley.records import Document

REG = TinyRegistry()


@pytest.mark.parametrize(
    "phrase,joint",
    [
        ("The three National Security Advisors", True),
        ("the presidents of Russia and France", True),
        ("The Presidents of Russia and Turkey", True),
        ("the advisors", True),
        ("Leaders", True),
        ("both leaders", True),
        ("the officials", False),  # not parties to a meeting
        ("the National Security Advisor", False),  # one person
        ("leaders", False),  # a bare plural inside a sentence names nobody in particular
        ("the leaders who spoke", False),  # only a joining word may follow the head
    ],
)
def test_english_joint_phrases(phrase, joint):
    assert joint_phrase(phrase.split(), load_lexicon("en")) is joint


@pytest.mark.parametrize(
    "lang,phrase,joint",
    [("ru", "Лидеры России и Франции", True), ("ru", "Три советника", False), ("uk", "Обидва лідери", True),
     ("uk", "Радники", True), ("uk", "Посадовці", False)],
)
def test_slavic_joint_phrases_are_the_same_test_on_other_words(lang, phrase, joint):
    assert joint_phrase(phrase.split(), load_lexicon(lang)) is joint


def test_presidents_of_two_countries_is_a_joint_act():
    doc = Document.create(
        "Vladimir Putin held talks with Emmanuel Macron. The presidents of Russia and France noted "
        "the importance of the Normandy format.",
    )
    out = extract(doc, registry=REG)
    assert sorted(s.speaker for s in out) == ["Emmanuel Macron", "Vladimir Putin"]
    assert len({(s.start, s.end) for s in out}) == 1


def test_a_readout_joint_act_on_real_text(corpora_dir):
    from parley.evaluation.annotations import corpus_records
    from parley.evaluation.attribution import _default_registry
    from parley.extract import get_extractor

    if not (corpora_dir / "kremlin-zelensky-press-2021-22").is_dir():
        pytest.skip("kremlin-zelensky-press-2021-22 is absent")
    rec = corpus_records("kremlin-zelensky-press-2021-22", corpora_dir).get("putin/67126")
    if rec is None or "The presidents of Russia and Belarus noted" not in rec.text:
        pytest.skip("the readout putin/67126 is not in this copy of the corpus")
    doc = Document.create(rec.text, language="en", source=rec.source, title=rec.title, published=rec.published)
    out = get_extractor("en", _default_registry())(doc)
    joint = [s for s in out if s.mention == "The presidents of Russia and Belarus" and s.cue == "noted"]
    assert sorted(s.speaker for s in joint) == ["Alexander Lukashenko", "Vladimir Putin"]
