"""Sides for the rule coder come from the actor registry, never from the lexicons: an invented
conflict (a registry file of its own) is coded as well as a real one."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml

from parley.actors import load_registry
from parley.signals import get_coder
from parley.signals.rules import LEXICON_DIR, load_lexicon
from parley.signals.sides import ANY, OTHER, side_table, trie_pattern

# An invented conflict: Quorvia (XQ) and the Tesselate Union (XT), with a mediator, Palland (XP).
INVENTED = textwrap.dedent(
    """
    version: 1
    countries:
    - {code: XQ, alpha3: [XQQ], en: [Quorvia, Republic of Quorvia], adj_en: [Quorvian], metonyms: {en: [Sendal]}}
    - {code: XT, alpha3: [XTT], en: [Tesselate Union, the Tesselate Union], adj_en: [Tesselate], metonyms: {en: [Ambrin]}}
    - {code: XP, alpha3: [XPP], en: [Palland], adj_en: [Pallandic]}
    actors:
    - {id: ivo-drask, name: Ivo Drask, type: person, gender: m, side: XQ}
    - {id: maren-obolt, name: Maren Obolt, type: person, gender: f, side: XT}
    """
)


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "invented.yaml"
    path.write_text(INVENTED, encoding="utf-8")
    return load_registry(extra=[path])


@pytest.fixture(scope="module")
def coder(registry):
    return get_coder("rules", language="en", registry=registry)


def codes(coder, text, cue="said", side=None):
    return {s.code for s in coder.code_text(text, cue=cue, side=side).signals}


def test_trie_pattern_matches_exactly_its_terms():
    rx = re.compile("^(?:" + trie_pattern(["Quorvia", "Quorvian", "Quorvia Minor", "Palland"]) + ")$")
    assert all(rx.match(t) for t in ("Quorvia", "Quorvian", "Quorvia  Minor", "Palland"))
    assert not any(rx.match(t) for t in ("Quorv", "Quorvians", "Pallan", "quorvia minor x"))


def test_side_table_reads_names_adjectives_capitals_and_people(registry):
    table = side_table(registry, "en", nouns=["forces", "side"], other=["the aggressor"], unknown=["the West"])
    assert table.side("Quorvia") == "XQ"
    assert table.side("the Quorvian forces") == "XQ"
    assert table.side("Ambrin") == "XT"  # the capital for the government
    assert table.side("Maren Obolt") == "XT" and table.side("Drask") == "XQ"  # a surname alone
    assert table.side("the aggressor") == OTHER and table.side("the West") == ANY
    assert table.side("Quorvian cuisine") is None
    rx = re.compile(table.pattern, re.IGNORECASE)
    assert [m.group(0) for m in rx.finditer("Tesselate forces shelled Sendal, said Drask.")] == [
        "Tesselate forces", "Sendal", "Drask"]
    assert rx.search("the us and them") is None  # names are matched as spelled ("US" is not "us")


def test_the_english_lexicon_has_no_side_table():
    data = yaml.safe_load((LEXICON_DIR / "en.yaml").read_text(encoding="utf-8"))
    assert "actors" not in data  # which side a name belongs to is the registry's business
    assert set(data["parties"]) == {"nouns", "other", "unknown"}
    # no country is named in a rule (alliances such as NATO are subjects of conditions, not sides)
    countries = [n for code, c in load_registry()._countries.items() if len(code) == 2 for n in c["en"] if len(n) > 3]
    text = " ".join(str(r["match"]) for rules in data["codes"].values() for r in rules)
    assert [n for n in countries if re.search(rf"\b{re.escape(n)}\b", text)] == []


def test_the_default_coder_knows_the_packaged_registry():
    lex = load_lexicon("en")
    assert lex.side_of("Sergey Lavrov") == "RU" and lex.side_of("the Ukrainian side") == "UA"


def test_an_invented_conflict_is_coded_by_side(coder):
    # the speaker's own forces hold fire: a ceasefire; the other side's forces doing so: reported
    assert "CEASEFIRE" in codes(coder, "Quorvian forces will hold their fire from midnight for two days.", side="XQ")
    assert "CEASEFIRE" not in codes(coder, "Quorvian forces will hold their fire from midnight for two days.",
                                    side="XT")
    # threats: by one's own side, not when reporting the other's
    assert "THREATEN" in codes(coder, "Quorvia will strike the bridges if the shelling goes on.", side="XQ")
    assert "THREATEN" not in codes(coder, "Quorvia will strike the bridges if the shelling goes on.", side="XT")
    # "what X has done" accuses X, unless X is the speaker's own side
    assert "ACCUSE" in codes(coder, "After what Ambrin has done to Sendal, nobody trusts its word.", side="XQ")
    assert "ACCUSE" not in codes(coder, "After what Ambrin has done to rebuild the port, trade is back.", side="XT")


def test_targets_are_registry_parties(coder):
    sig = next(s for s in coder.code_text("Tesselate forces of shelling the market in Sendal", cue="accused",
                                          side="XQ").signals if s.code == "ACCUSE")
    assert sig.target == "Tesselate forces"
    sig = next(s for s in coder.code_text("We thank Palland for hosting the talks.", cue="said", side="XQ").signals
               if s.code == "PRAISE")
    assert sig.target == "Palland"


def test_the_speakers_side_is_read_from_the_registry(coder):
    # no side given: the source's name tells it (Drask speaks for XQ, so Quorvia is his own side)
    res = coder.code_text("Quorvia will strike the bridges if the shelling goes on.", cue="said", source="Ivo Drask")
    assert "THREATEN" in {s.code for s in res.signals}
