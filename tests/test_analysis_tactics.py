"""Tactics (parley.analysis.tactics): each pattern on sentences written for it, nothing on a control
corpus without them, every pattern the demo holds found by `Parley.tactics` and `parley tactics`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from analysis_helpers import st
from typer.testing import CliRunner

from parley import demo
from parley.analysis import tactics as T
from parley.analysis.deeds import CeasefireCheck
from parley.analysis.profiles import profiles
from parley.api import Parley
from parley.cli import app
from parley.store import open_store

runner = CliRunner()


def _day(n: int) -> str:
    return (dt.date(2025, 3, 1) + dt.timedelta(days=n)).isoformat()


def aimed(s, target: str):
    return dataclasses.replace(s, target=target)


# ------------------------------------------------------------------------------- mixed messages
def test_mixed_messages_two_officials_of_one_side():
    a = st("We are ready to negotiate without preconditions.", speaker="Minister A", side="UA",
           codes=["OFFER_TALKS"], day=_day(0))
    b = st("Talks could only begin once Russia withdraws its troops from four regions.", speaker="Adviser B",
           side="UA", codes=["SET_CONDITIONS"], day=_day(3))
    (f,) = T.find_tactics([a, b], patterns=["mixed_messages"]).findings
    assert f.pattern == "mixed_messages" and f.side == "UA"
    assert set(f.evidence_ids) == {a.id, b.id}
    assert f.officials == ("Adviser B", "Minister A")
    assert "2 statements by 2 officials" in f.strength and "Minister A offered talks" in f.summary


def test_mixed_messages_not_from_one_speaker_opposite_sides_or_far_apart():
    offer = dict(codes=["OFFER_TALKS"], day=_day(0))
    cond = "Talks could only begin once Russia withdraws its troops."
    one = [st("We are ready to negotiate without preconditions.", speaker="A", side="UA", **offer),
           st(cond, speaker="A", side="UA", codes=["SET_CONDITIONS"], day=_day(20))]
    sides = [st("We are ready to negotiate without preconditions.", speaker="A", side="UA", **offer),
             st(cond, speaker="B", side="RU", codes=["SET_CONDITIONS"], day=_day(2))]
    far = [st("We are ready to negotiate without preconditions.", speaker="A", side="UA", **offer),
           st(cond, speaker="B", side="UA", codes=["SET_CONDITIONS"], day=_day(T.MIXED_WINDOW_DAYS + 5))]
    for corpus in (one, sides, far):
        assert T.find_tactics(corpus, patterns=["mixed_messages"]).findings == ()


# ---------------------------------------------------------------------------------- role split
def _side_of_three(hawk: float, dove: float) -> list:
    out = []
    for i in range(12):
        out.append(st(f"Dove {i}.", speaker="Dove", side="UA", codes=["PRAISE"], day=_day(i), cooperation=dove))
        out.append(st(f"Hawk {i}.", speaker="Hawk", side="UA", codes=["THREATEN"], day=_day(i), cooperation=hawk))
        out.append(st(f"Mid {i}.", speaker="Mid", side="UA", codes=["ACCUSE"], day=_day(i), cooperation=(hawk + dove) / 2))
    return out


def test_role_split_a_conciliator_and_a_hardliner():
    statements = _side_of_three(hawk=-8.0, dove=8.0)
    (f,) = T.find_tactics(statements, profiles=profiles(statements), patterns=["role_split"]).findings
    assert f.officials == ("Dove", "Hawk") and f.side == "UA"
    assert f.low is not None and f.low > 0 and f.high is not None and f.high < 0  # both intervals exclude the baseline
    assert "coded statements" in f.strength and f.evidence


def test_no_role_split_when_the_side_speaks_with_one_voice():
    statements = _side_of_three(hawk=0.0, dove=0.0)
    assert T.find_tactics(statements, profiles=profiles(statements), patterns=["role_split"]).findings == ()


# ------------------------------------------------------------------------------ charm offensive
def test_charm_offensive_towards_a_mediator():
    s = [aimed(st(f"We thank the American president for his efforts, {i}.", speaker="Envoy", side="RU",
                  codes=["PRAISE"], day=_day(3 * i)), "US") for i in range(3)]
    s.append(aimed(st("Our companies are ready to invest together with American business.", speaker="Envoy",
                      side="RU", codes=["COOPERATE"], day=_day(10)), "US"))
    (f,) = T.find_tactics(s, patterns=["charm_offensive"], mediators={"US"}).findings
    assert (f.side, f.target, f.statements) == ("RU", "US", 4)
    assert "3 statements of praise and 1 offers of cooperation" in f.summary
    # a third side the registry does not mark as a mediator is not courted as one
    report = T.find_tactics(s, patterns=["charm_offensive"], mediators={"TR"})
    assert report.findings == ()
    report = T.find_tactics(s, patterns=["charm_offensive"])  # no registry: no mediator known
    assert report.findings == () and any("mediator" in w for w in report.withheld)


def test_the_registry_names_the_mediators():
    from parley.actors.registry import load_registry

    demo = load_registry(extra=[Path(T.__file__).resolve().parents[1] / "demo" / "actors.yaml"])
    assert demo.mediators == frozenset({"XM"})
    assert load_registry().mediators == frozenset()  # the packaged registry marks none


def test_role_split_leaves_out_institutions():
    class Registry:
        def __contains__(self, actor_id):
            return actor_id in {"hawk", "dove"}

        def get(self, actor_id):
            return type("A", (), {"type": "institution" if actor_id == "hawk" else "person"})()

        def side_for(self, name):
            return None

        mediators = frozenset()

    statements = [dataclasses.replace(s, actor_id=s.speaker.lower()) for s in _side_of_three(hawk=-8.0, dove=8.0)]
    found = T.find_tactics(statements, profiles=profiles(statements), patterns=["role_split"]).findings
    assert len(found) == 1
    assert T.find_tactics(statements, profiles=profiles(statements), patterns=["role_split"],
                          registry=Registry()).findings == ()


def test_no_charm_offensive_without_cooperation_or_towards_an_adversary():
    praise = [aimed(st(f"We thank them, {i}.", side="RU", codes=["PRAISE"], day=_day(i)), "US") for i in range(4)]
    assert T.find_tactics(praise, patterns=["charm_offensive"], mediators={"US", "UA"}).findings == ()
    # UA is RU's adversary (hostile words aimed at it outnumber friendly ones): no charm offensive there
    hostile = [aimed(st(f"They shell us, {i}.", side="RU", codes=["ACCUSE"], day=_day(i)), "UA") for i in range(5)]
    friendly = [aimed(st(f"We thank them, {i}.", side="RU", codes=["PRAISE"], day=_day(i)), "UA") for i in range(3)]
    friendly.append(aimed(st("We will trade grain.", side="RU", codes=["COOPERATE"], day=_day(4)), "UA"))
    assert T.find_tactics(hostile + friendly, patterns=["charm_offensive"], mediators={"US", "UA"}).findings == ()


# -------------------------------------------------------------------------- truce against deeds
def _check(s, attacks: int, before: int, source: str = "text", verdict: str | None = None) -> CeasefireCheck:
    start = dt.date(2025, 5, 8)
    return CeasefireCheck(statement=s, side=s.side, start=start, end=start + dt.timedelta(days=2),
                          window_source=source, attacks=attacks, fatalities=0, events=(), attacks_before=before,
                          verdict=verdict or ("broken" if attacks else "kept"))


def test_truce_against_deeds():
    s = st("We declare a three-day truce from May 8.", speaker="President", side="RU", codes=["CEASEFIRE"])
    (f,) = T.find_tactics([s], ceasefires=[_check(s, 5, 2)], patterns=["truce_against_deeds"]).findings
    assert f.side == "RU" and f.evidence_ids == (s.id,) and "5 recorded attacks in 3 days against 2 before" in f.strength
    for thin in (_check(s, 1, 0), _check(s, 3, 9), _check(s, 5, 2, source="assumed"), _check(s, 0, 0),
                 _check(s, 0, 0, verdict="no events")):
        assert T.find_tactics([s], ceasefires=[thin], patterns=["truce_against_deeds"]).findings == ()


# ------------------------------------------------------------------------------------- stalling
def _stall(agree_on: int | None = None, late_condition: bool = True) -> list:
    s = [st(f"We are ready to resume talks, {i}.", speaker="Spokesman", side="RU", codes=["OFFER_TALKS"], day=_day(d))
         for i, d in enumerate((0, 12, 26))]
    s.append(st("Talks can start only after Kyiv withdraws.", speaker="Minister", side="RU", codes=["SET_CONDITIONS"],
                day=_day(1)))
    if late_condition:
        s.append(st("Our conditions have not changed.", speaker="Minister", side="RU", codes=["SET_CONDITIONS"],
                    day=_day(25)))
    if agree_on is not None:
        s.append(st("We agree to the exchange.", speaker="Minister", side="RU", codes=["AGREE"], day=_day(agree_on)))
    return s


def test_stalling():
    (f,) = T.find_tactics(_stall(), patterns=["stalling"]).findings
    assert f.side == "RU" and "3 offers and 2 statements of conditions" in f.strength and f.days == 27


def test_no_stalling_when_something_is_agreed_or_conditions_drop():
    assert T.find_tactics(_stall(agree_on=14), patterns=["stalling"]).findings == ()
    report = T.find_tactics(_stall(late_condition=False), patterns=["stalling"])
    assert report.findings == () and any(w.startswith("stalling RU") for w in report.withheld)


# ------------------------------------------------------------------------------- control corpus
def control_corpus() -> list:
    """Two sides talking over ten weeks without any of the patterns: offers answered by agreements,
    conditions set by the side that never offers, praise of a mediator without business, one voice per side."""
    out = []
    for w in range(10):
        out.append(st(f"We are ready to meet in Geneva, week {w}.", speaker="Minister A", side="UA",
                      codes=["OFFER_TALKS"], day=_day(7 * w)))
        out.append(st(f"We agree to the agenda of week {w}.", speaker="Minister A", side="UA", codes=["AGREE"],
                      day=_day(7 * w + 1)))
        out.append(st(f"Our forces will answer every attack, week {w}.", speaker="General B", side="RU",
                      codes=["THREATEN"], day=_day(7 * w + 2)))
        out.append(aimed(st(f"We thank the mediators for their hospitality, week {w}.", speaker="Minister A",
                            side="UA", codes=["PRAISE"], day=_day(7 * w + 3)), "TR"))
        out.append(st(f"Talks can start only after the shelling stops, week {w}.", speaker="Minister A", side="UA",
                      codes=["SET_CONDITIONS"], day=_day(7 * w + 4)))
    return out


def test_control_corpus_gives_no_findings():
    statements = control_corpus()
    truce = st("We declare a truce from May 8 to May 10.", speaker="General B", side="RU", codes=["CEASEFIRE"])
    report = T.find_tactics(statements, profiles=profiles(statements), ceasefires=[_check(truce, 0, 3)])
    assert report.findings == ()


# ------------------------------------------------------------------------------------------ demo
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tactics") / "demo.db"
    store = open_store(path)
    demo.run_demo(store)
    store.close()
    return str(path)


#: every pattern the demo corpus holds, by side (docs/tactics.md)
DEMO_FINDINGS = {("mixed_messages", "XA"), ("role_split", "XA"), ("role_split", "XB"), ("charm_offensive", "XB"),
                 ("truce_against_deeds", "XB"), ("stalling", "XB")}


def test_the_demo_holds_every_pattern(demo_db):
    with Parley.open(demo_db, read_only=True) as p:
        result = p.tactics()
        assert {(f.pattern, f.side) for f in result.findings} == DEMO_FINDINGS
        by = {(f.pattern, f.side): f for f in result.findings}
        assert by[("charm_offensive", "XB")].target == "XM"
        assert set(by[("mixed_messages", "XA")].officials) == {"Lena Marek", "Ostap Vereda"}
        assert set(by[("role_split", "XB")].officials) == {"Yelena Koshkina", "Rostislav Gorch"}
        assert "Gleb Yantar" in by[("stalling", "XB")].officials
        for f in result.findings:
            assert f.evidence and len(f.evidence) <= T.MAX_EVIDENCE and f.strength
        assert {f.pattern for f in p.tactics(p.query(side="XA")).findings} == {"mixed_messages", "role_split"}
        # the roles stated are those of parley profile
        for f in result.findings:
            if f.pattern == "role_split":
                assert {p.profile(a).role for a in f.officials} == {"more conciliatory than its side",
                                                                   "more hard-line than its side"}


def test_tactics_command(demo_db):
    out = runner.invoke(app, ["--db", demo_db, "tactics", "--side", "XB", "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    found = json.loads(out.stdout)
    assert {f["pattern"] for f in found} == {"role_split", "charm_offensive", "truce_against_deeds", "stalling"}
    first = found[0]["evidence"][0]
    assert first["citation"]["outlet"] and first["citation"]["headline"] and first["id"]
    table = runner.invoke(app, ["--db", demo_db, "tactics", "--format", "table", "--withheld"],
                          env={"COLUMNS": "160"}, catch_exceptions=False)
    assert table.exit_code == 0
    assert "mixed messages" in table.stdout and "6 finding(s) among" in table.stderr
    assert "withheld: stalling XA" in table.stderr
    csv = runner.invoke(app, ["--db", demo_db, "tactics", "--pattern", "stalling", "--format", "csv"])
    assert csv.stdout.splitlines()[0].startswith("pattern,side,target,summary") and len(csv.stdout.splitlines()) == 2
    listed = runner.invoke(app, ["tactics", "--patterns", "--format", "csv"])
    assert [r.split(",")[0] for r in listed.stdout.splitlines()[1:]] == list(T.PATTERN_NAMES)
    bad = runner.invoke(app, ["--db", demo_db, "tactics", "--pattern", "bluff"])
    assert bad.exit_code == 1 and "not a tactic; known tactics: mixed_messages" in bad.output
    bad = runner.invoke(app, ["--db", demo_db, "tactics", "--side", "XQ"])
    assert bad.exit_code == 1 and "not a known side" in bad.output
