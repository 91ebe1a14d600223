"""The rules' literal prefilter: a rule whose needed strings are all absent from a text is not
searched, so the needed strings must be in every text the rule matches (otherwise signals would be
lost silently)."""

import re

import pytest

from parley.evaluation.annotations import load
from parley.signals.rules import _needs, load_lexicon


def test_needs_of_written_patterns():
    # the best mandatory part: the branch whose shortest alternative is longest
    assert _needs(re.compile(r"(?:ready|willing) to (?:talk|negotiate)")) == ("ready", "willing")
    assert _needs(re.compile(r"ultimatum")) == ("ultimatum",)
    # strings containing another needed string add nothing
    assert _needs(re.compile(r"(?:готов|готова|готовы) к")) == ("готов",)
    # a repeat taken at least once promises its body; an optional part promises nothing
    assert _needs(re.compile(r"(?:very )+firm")) == ("very ",)
    assert _needs(re.compile(r"(?:very )*firm")) == ("firm",)
    assert _needs(re.compile(r"(?:not )?\w+")) is None
    # classes, and case-insensitive parts (their literals could be written in another case), promise nothing
    assert _needs(re.compile(r"[a-z]+ing")) == ("ing",)
    assert _needs(re.compile(r"(?i:Ready)")) is None
    assert _needs(re.compile(r"ready", re.IGNORECASE)) is None
    # a branch with one alternative that promises nothing promises nothing
    assert _needs(re.compile(r"(?:talks|\w+)")) is None


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_every_shipped_rule_with_a_prefilter_is_sound_on_written_matches(language):
    lex = load_lexicon(language, None)
    with_needs = [r for r in lex.rules if r.needs is not None]
    assert with_needs, "the prefilter applies to the shipped rules"
    for rule in with_needs:
        assert all(n and n == n.lower() for n in rule.needs), rule.id


@pytest.mark.corpora
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_prefilter_never_hides_a_match_on_real_text(corpora_dir, language):
    """On the train split's documents of each language (real text), wherever a rule's pattern
    matches, one of its needed strings is present, so the prefilter skips no match."""
    docs = load(None, corpora_dir, split="train", language=language)
    assert docs, f"no {language} train documents"
    lex = load_lexicon(language, None)
    rules = [r for r in lex.rules if r.needs is not None and r.fast is not None]
    matched = 0
    for d in docs:
        low = d.document.text.lower()
        for rule in rules:
            if rule.fast.search(low):
                matched += 1
                assert any(n in low for n in rule.needs), (rule.id, d.record)
    assert matched > 50, f"only {matched} rule matches in the {language} train documents"
