"""The rules' literal prefilter: a rule with a clause none of whose strings is in a text is not
searched, so each clause must hold a string of every text the rule matches (otherwise signals would
be lost silently). Clauses are read in the text lowercased and folded the way the regex engine
equates characters under IGNORECASE, so case-insensitive rules (those led by a party's name among
them) have a prefilter too."""

import re

import pytest

from parley.evaluation.annotations import load
from parley.signals.rules import RuleCoder, _finditer, _needs, fold, load_lexicon, passes, split_sentences


def test_needs_of_written_patterns():
    # every mandatory part is a clause: one of its strings is in every match
    assert _needs(re.compile(r"(?:ready|willing) to (?:talk|negotiate)")) == (
        ("ready", "willing"), (" to ",), ("negotiate", "talk"))
    assert _needs(re.compile(r"ultimatum")) == (("ultimatum",),)
    # strings containing another string of the clause add nothing
    assert _needs(re.compile(r"(?:готов|готова|готовы) к")) == (("готов",), (" к",))
    # a repeat taken at least once promises its body; an optional part promises nothing
    assert _needs(re.compile(r"(?:very )+firm")) == (("very ",), ("firm",))
    assert _needs(re.compile(r"(?:very )*firm")) == (("firm",),)
    assert _needs(re.compile(r"(?:not )?\w+")) is None
    # classes promise nothing
    assert _needs(re.compile(r"[a-z]+ing")) == (("ing",),)
    # a branch with one alternative that promises nothing promises nothing
    assert _needs(re.compile(r"(?:talks|\w+)")) is None
    # a branch's clauses take one clause of each alternative
    assert _needs(re.compile(r"(?:we|Russia) will (?:strike|hit)|(?:shall|must) strike", re.IGNORECASE)) == (
        (" strike", " will "), ("hit", "must", "shall", "strike"), ("must", "russia", "shall", "we"))


def test_case_insensitive_and_case_sensitive_patterns_are_read_lowercased():
    assert _needs(re.compile(r"ready", re.IGNORECASE)) == (("ready",),)
    assert _needs(re.compile(r"(?i:Ready)")) == (("ready",),)
    assert _needs(re.compile(r"(?-i:Putin) said", re.IGNORECASE)) == (("putin",), (" said",))
    assert _needs(re.compile(r"STOP")) == (("stop",),)


def test_folded_text_passes_wherever_the_engine_matches():
    rx = re.compile(r"(?:we|Russia) will (?:strike|hit)", re.IGNORECASE)
    needs = _needs(rx)
    for text in ("RUSSIA WILL STRIKE", "We will hit back", "we wıll ſtrike"):  # dotless i, long s
        assert rx.search(text), text
        assert passes(needs, fold(text)), text
    assert not passes(needs, fold("We will talk to them"))
    assert fold("ΣΟΦΟΣ") == fold("σοφος") == fold("σοφοσ")  # final sigma folds with sigma
    assert fold("İstanbul") is None  # lowercasing changes its length: no prefilter, the rules search
    assert passes(needs, None) and passes(None, "anything")


def test_a_rule_led_by_a_party_name_has_a_prefilter_and_still_fires():
    lex = load_lexicon("en", None)
    rc = RuleCoder(lex)
    led = [r for r in rc.text_rules if r.fast is None]
    assert led, "some English rules are led by a party's name (no lowercased fast pattern)"
    assert all(r.needs is not None for r in led), [r.id for r in led if r.needs is None]
    rule = next(r for r in rc.text_rules if r.id == "military_threat")
    said = "Russia will strike the bridges on the river."
    assert rule.regex.search(said)
    assert passes(rule.needs, fold(said))
    hits, _, _ = rc.hits(said)
    assert "military_threat" in {h.rule.id for h in hits}
    assert not passes(rule.needs, fold("Russia said the bridges on the river are closed."))


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_every_shipped_rule_with_a_prefilter_is_written_folded(language):
    lex = load_lexicon(language, None)
    with_needs = [r for r in lex.rules if r.needs is not None]
    assert with_needs, "the prefilter applies to the shipped rules"
    for rule in with_needs:
        assert all(n and fold(n) == n for clause in rule.needs for n in clause), rule.id


def _matches(rule, text):
    low = text.lower()
    low = low if len(low) == len(text) else None
    return rule.regex.search(text) is not None or next(iter(_finditer(rule, text, low)), None) is not None


def _patterns(language):
    """(name, pattern, prefilter, matcher) of every pattern the rule coder searches behind a
    prefilter: the rules (text, cue and start), topics, conditions, conditional markers."""
    rc = RuleCoder(load_lexicon(language, None))
    out = [(r.id, r.regex, r.needs, (lambda t, r=r: _matches(r, t))) for r in rc.lex.rules if r.needs is not None]
    out += [(f"topic {t}", rx, n, rx.search) for t, rx, n in rc._topics_needs if n is not None]
    out += [(f"condition {p}", rx, n, rx.search) for rx, p, n in rc._conditions_needs if n is not None]
    for name, rx, n in (("condition openers", rc.lex.condition_openers, rc._openers_needs),
                        ("conditional", rc.lex.conditional, rc._conditional_needs),
                        ("unconditional", rc.lex.unconditional, rc._unconditional_needs),
                        ("reported other", rc.lex.reported_other, rc._reported_other_needs)):
        if n is not None:
            out.append((name, rx, n, rx.search))
    return out


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_topics_conditions_and_markers_have_prefilters(language):
    names = {name.split()[0] for name, *_ in _patterns(language)}
    assert {"topic", "condition", "conditional", "unconditional", "reported"} <= names


def test_topics_and_conditions_are_still_read_behind_their_prefilters():
    rc = RuleCoder(load_lexicon("en", None))
    assert "sanctions" in rc._topics("They want the SANCTIONS lifted.")
    assert rc._topics("We discussed the weather.") == ()
    assert rc._conditional("We are ready to talk unconditionally.", False) is False
    assert rc._conditional("We are ready to talk if they withdraw.", False) is True


@pytest.mark.corpora
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_prefilter_never_hides_a_match_on_real_text(corpora_dir, language):
    """On the train split's documents of each language (real text), whole and sentence by
    sentence, wherever a pattern matches (a rule as written or in its lowercased fast form, a
    topic, a condition, a conditional marker), its prefilter passes: the prefilter is implied by
    the pattern."""
    docs = load(None, corpora_dir, split="train", language=language)
    assert docs, f"no {language} train documents"
    patterns = _patterns(language)
    matched: dict[str, int] = {}
    for d in docs:
        text = d.document.text
        pieces = [text] + [text[s:e] for s, e in split_sentences(text)]
        for piece in pieces:
            folded = fold(piece)
            for name, _, needs, match in patterns:
                if match(piece):
                    matched[name] = matched.get(name, 0) + 1
                    assert passes(needs, folded), (name, d.record, piece[:200])
    assert sum(matched.values()) > 50, f"only {matched} pattern matches in the {language} train documents"
    assert any(n.startswith("topic") for n in matched) and any(not n.startswith(("topic", "cond")) for n in matched)
