"""parley.analysis.profiles: signal rates, the cooperation score with its interval, and the role on
the actor's own side, read from data (statements written here, and real gold statements)."""

from __future__ import annotations

import collections

import pytest
from analysis_helpers import st

from parley.analysis.profiles import (
    ROLE_CONCILIATORY,
    ROLE_HARDLINE,
    ROLE_IN_LINE,
    ROLE_NO_SIDE,
    ROLE_TOO_FEW,
    profile,
    rank_actors,
)
from parley.errors import ConfigError, NotFound

HAWK = [("We will strike back with everything we have.", ["THREATEN"]),
        ("We reject their so-called peace plan.", ["REJECT"]),
        ("They are shelling civilians again.", ["ACCUSE"])]
DOVE = [("We are ready to talk at any time.", ["OFFER_TALKS"]),
        ("We thank our partners for the mediation.", ["PRAISE"]),
        ("We agree to the exchange of prisoners.", ["AGREE"])]
MIDDLE = [("We are ready to talk if the attacks stop.", ["OFFER_TALKS", "SET_CONDITIONS"]),
          ("They broke the truce.", ["ACCUSE"]),
          ("We will sign the grain deal.", ["AGREE"])]


def side_statements(n: int = 12):
    out = []
    for who, lines in (("Hawk Minister", HAWK), ("Dove Envoy", DOVE), ("Middle Adviser", MIDDLE)):
        for i in range(n):
            text, codes = lines[i % len(lines)]
            out.append(st(text, speaker=who, side="XA", codes=codes, day=f"2025-03-{i + 1:02d}"))
    out.append(st("We are ready to talk.", speaker="Other Side Leader", side="XB", codes=["OFFER_TALKS"]))
    return out


def test_roles_come_from_the_data():
    data = side_statements()
    hawk = profile("Hawk Minister", data)
    dove = profile("Dove Envoy", data)
    assert hawk.role == ROLE_HARDLINE and dove.role == ROLE_CONCILIATORY
    assert hawk.difference < 0 < dove.difference
    assert hawk.difference_high < 0 < dove.difference_low  # the interval excludes zero
    assert hawk.cooperation_low <= hawk.cooperation <= hawk.cooperation_high
    assert ("THREATEN" in hawk.evidence or "REJECT" in hawk.evidence) and "rest of XA" in hawk.evidence
    assert hawk.side_statements == 24  # the rest of its side only, never the other side
    assert all(i in {s.id for s in data} for i in hawk.most_hardline + dove.most_conciliatory)


def test_signal_counts_and_rates():
    data = side_statements()
    p = profile("Hawk Minister", data)
    rates = {r.code: r for r in p.signals}
    assert rates["THREATEN"].count == 4 and rates["THREATEN"].rate == pytest.approx(4 / 12, abs=1e-4)
    assert rates["THREATEN"].low <= rates["THREATEN"].rate <= rates["THREATEN"].high
    assert rates["OFFER_TALKS"].count == 0 and rates["OFFER_TALKS"].side_rate > 0


def test_rank_puts_the_most_conciliatory_first_and_filters_by_side():
    data = side_statements()
    ranked = rank_actors(data, side="XA")
    assert next(p.actor for p in ranked) == "Dove Envoy" and ranked[-1].actor == "Hawk Minister"
    assert all(p.side == "XA" for p in ranked)
    assert rank_actors(data, side="XB") == []  # one statement: under min_statements


def test_roles_when_the_data_cannot_tell():
    data = side_statements()
    lone = [st("We are ready to talk.", speaker="Lone Voice", side=None, codes=["OFFER_TALKS"])] * 1
    assert profile("Lone Voice", data + lone).role == ROLE_NO_SIDE
    few = side_statements(n=2)
    assert profile("Hawk Minister", few).role == ROLE_TOO_FEW
    same = [st(t, speaker=w, side="XA", codes=c, day=f"2025-03-{i + 1:02d}")
            for w in ("One", "Two") for i, (t, c) in enumerate(MIDDLE * 4)]
    assert profile("One", same).role == ROLE_IN_LINE


def test_a_role_needs_enough_statements_however_clear_they_look():
    # three hard-line statements against a conciliatory side: a stark difference, too little evidence
    few_hawk = [st(t, speaker="Hawk Minister", side="XA", codes=c, day=f"2025-04-0{i + 1}")
                for i, (t, c) in enumerate(HAWK)]
    doves = [st(t, speaker=w, side="XA", codes=c, day=f"2025-03-{i + 1:02d}")
             for w in ("Dove Envoy", "Middle Adviser") for i, (t, c) in enumerate(DOVE * 5)]
    p = profile("Hawk Minister", few_hawk + doves)
    assert p.difference < -5 and p.role == ROLE_TOO_FEW
    assert profile("Hawk Minister", side_statements()).role == ROLE_HARDLINE  # twelve of them: stated


def test_one_computation_of_roles_for_the_profile_and_the_ranking():
    from parley.analysis.profiles import profiles

    data = side_statements()
    found = profiles(data)
    ranked = {p.actor: p for p in rank_actors(data, min_statements=1)}
    for name in ("Hawk Minister", "Dove Envoy", "Middle Adviser"):
        one = profile(name, data)
        assert one == ranked[name] == found[name.casefold()]
    # the level is split over every actor whose role is tested: three on XA here
    assert found["hawk minister"].tests == 3


def test_selecting_an_actor():
    data = side_statements()
    assert profile("hawk minister", data).actor == "Hawk Minister"
    assert profile("Envoy", data).actor == "Dove Envoy"  # a surname
    with pytest.raises(NotFound):
        profile("Nobody", data)
    with pytest.raises(ConfigError):
        profile("XA", data + [st("x", speaker="Twin XA", side="XA"), st("y", speaker="Other XA", side="XA")])


def test_profiles_of_real_speakers(gold_dir):
    from parley.evaluation.contradictions import load_gold_statements

    statements = load_gold_statements(gold_dir / "dev.jsonl")
    speakers = collections.Counter(s.speaker for s in statements)
    name, n = speakers.most_common(1)[0]
    p = profile(name, statements)
    assert p.statements == n
    codes = collections.Counter(c for s in statements if s.speaker == name for c in set(s.signal_codes))
    assert {r.code: r.count for r in p.signals if r.count} == dict(codes)
    assert p.role in {ROLE_CONCILIATORY, ROLE_HARDLINE, ROLE_IN_LINE, ROLE_TOO_FEW}
    ranked = rank_actors(statements)
    scores = [r.cooperation for r in ranked if r.cooperation is not None]
    assert scores == sorted(scores, reverse=True) and len(ranked) >= 3
