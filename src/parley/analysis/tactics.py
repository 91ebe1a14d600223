"""Tactics: the negotiating patterns a side's statements show, each with its evidence.

Five patterns, each read from records the other analyses produce (docs/tactics.md):

``mixed_messages``
    Talks offered without conditions by one official and conditions set for the same talks by
    another official of the same side, within :data:`MIXED_WINDOW_DAYS` (the contradiction rule
    ``unconditional_vs_conditions``, :mod:`parley.analysis.contradictions`).
``role_split``
    A conciliator and a hard-liner on one side: two actors whose roles
    (:func:`parley.analysis.profiles.profiles`, an interval on the difference from the side that
    excludes zero) point opposite ways.
``charm_offensive``
    Praise together with cooperation or business offers aimed at a mediator: a side the registry
    marks as a mediator or third party (``mediator: true`` in its side table, data rather than a
    rule about any side), neither the speaker's own nor one it mostly attacks, read from each
    statement's ``target``. With no side so marked there is no finding, and the report says why.
``truce_against_deeds``
    A truce the side declared (a window read from its words) during which its recorded attacks did
    not fall (:func:`parley.analysis.deeds.saydo`'s ceasefire checks).
``stalling``
    Talks offered again and again over weeks while conditions stay (set early and late in the
    stretch) and the side agrees to nothing.

Each :class:`Tactic` states how strong its evidence is (statements, officials, days; the interval
for a role split; attacks against the baseline for a truce) and names its evidence statements. A
candidate below the thresholds (the named constants below) is not a finding: it is counted in
:attr:`TacticsReport.withheld` with the reason, and never stated.

The stage is pure: it takes statements, profiles and ceasefire checks and returns records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..records import Statement
from .contradictions import find_contradictions, read_stance, same_speaker, units
from .profiles import ROLE_CONCILIATORY, ROLE_HARDLINE, ActorProfile

VERSION = "parley.analysis.tactics/1"

PATTERNS: tuple[tuple[str, str], ...] = (
    ("mixed_messages", "An unconditional offer of talks and conditions for the same talks from two officials of one "
                       "side within a few weeks."),
    ("role_split", "A conciliator and a hard-liner on one side, each with an interval that excludes the side's "
                   "baseline."),
    ("charm_offensive", "Praise together with cooperation or business offers aimed at a third side (a mediator)."),
    ("truce_against_deeds", "A truce the side declared while its recorded attacks did not fall."),
    ("stalling", "Talks offered again and again over weeks while the conditions stay and nothing is agreed."),
)
PATTERN_NAMES = tuple(p for p, _ in PATTERNS)

# ------------------------------------------------------------------------------------ thresholds
#: mixed messages: days between the offer and the conditions
MIXED_WINDOW_DAYS = 14
#: mixed messages: pairs of one side whose dates lie within this many days of each other are one finding
MIXED_GAP_DAYS = 30
#: mixed messages: the lowest contradiction score taken (0.8 and up: an offer explicitly without
#: conditions against conditions set for talks; 0.6, readiness to talk about one subject, is too weak)
MIXED_MIN_SCORE = 0.8
#: mixed messages: distinct officials of the side among the evidence
MIXED_MIN_OFFICIALS = 2
#: charm offensive: statements of praise, of cooperation or business offers, and in all, aimed at one third side
CHARM_MIN_PRAISE = 3
CHARM_MIN_COOPERATE = 1
CHARM_MIN_STATEMENTS = 4
#: charm offensive: a gap longer than this (days) between two statements ends an episode
CHARM_GAP_DAYS = 30
#: a side is an adversary of another when at least this many of its statements aimed at it are
#: hostile (ACCUSE, THREATEN, SANCTION, REJECT) and they outnumber the friendly ones
ADVERSARY_MIN_HOSTILE = 3
#: truce against deeds: the fewest recorded attacks by the side inside the truce's window
TRUCE_MIN_ATTACKS = 2
#: stalling: offers of talks, days from the first to the last, statements setting conditions
STALL_MIN_OFFERS = 3
STALL_MIN_DAYS = 21
STALL_MIN_CONDITIONS = 2
#: evidence statements listed per finding (the counts cover them all)
MAX_EVIDENCE = 8

_HOSTILE = frozenset({"ACCUSE", "THREATEN", "SANCTION", "REJECT"})
_FRIENDLY = frozenset({"PRAISE", "COOPERATE", "AGREE"})


@dataclass(frozen=True, slots=True)
class Tactic:
    """One pattern found on one side, with its evidence and how strong it is."""

    pattern: str
    side: str
    summary: str  # one sentence a reader can check against the evidence
    strength: str  # the evidence in numbers: statements, officials, days, interval
    statements: int  # distinct statements the finding rests on
    officials: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None
    evidence: tuple[Statement, ...]  # up to MAX_EVIDENCE, strongest first
    target: str | None = None  # the side aimed at (charm offensive)
    theatre: str | None = None  # the theatre most of the evidence is about
    low: float | None = None  # interval of the difference (role split: the narrower one)
    high: float | None = None
    score: float = 0.0  # for ranking: larger is stronger

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1 if self.first and self.last else 0

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.evidence)


@dataclass(frozen=True, slots=True)
class TacticsReport:
    """The findings (strongest first) and the candidates withheld as too thin, with the reason."""

    findings: tuple[Tactic, ...]
    withheld: tuple[str, ...] = ()

    def count(self, pattern: str) -> int:
        return sum(1 for f in self.findings if f.pattern == pattern)


# --------------------------------------------------------------------------------------- helpers
def _codes(s: Statement, *, conditional: bool | None = None) -> set[str]:
    """The statement's non-negated codes (only those whose ``conditional`` is as given, if given)."""
    return {g.code for g in s.signals if not g.negated and (conditional is None or bool(g.conditional) == conditional)}


def _span(statements: Iterable[Statement]) -> tuple[dt.date | None, dt.date | None]:
    days = [s.published for s in statements if s.published]
    return (min(days), max(days)) if days else (None, None)


def _officials(statements: Iterable[Statement]) -> tuple[str, ...]:
    return tuple(sorted({s.speaker for s in statements if s.speaker}))


def _theatre(statements: Iterable[Statement]) -> str | None:
    c = Counter(s.theatre for s in statements if s.theatre)
    return c.most_common(1)[0][0] if c else None


def _unique(statements: Iterable[Statement]) -> list[Statement]:
    seen: dict[str, Statement] = {}
    for s in statements:
        seen.setdefault(s.id, s)
    return list(seen.values())


def _days(first: dt.date | None, last: dt.date | None) -> str:
    if not first or not last:
        return "undated"
    n = (last - first).days + 1
    return f"{first.isoformat()} to {last.isoformat()} ({n} day{'s' if n != 1 else ''})"


def _side_of(s: Statement, side_for: Callable[[str], str | None] | None = None) -> str | None:
    """The statement's side as the pipeline set it. A speaker the pipeline left without a side is
    not given one by name here: a joint statement ("Borovian and Meridian companies") has none."""
    return s.side.upper() if s.side else None


def _target_of(s: Statement, side_for: Callable[[str], str | None] | None) -> str | None:
    """The side a statement is aimed at: its ``target``, else its signals' targets as named sides."""
    if s.target:
        return s.target.upper()
    if side_for:
        for g in s.signals:
            if g.target:
                found = side_for(g.target)
                if found:
                    return found.upper()
    return None


# -------------------------------------------------------------------------------------- patterns
def mixed_messages(statements: Sequence[Statement], *, registry=None, window_days: int = MIXED_WINDOW_DAYS,
                   withheld: list[str] | None = None) -> list[Tactic]:
    """Unconditional offers against conditions from two officials of one side (see the module docstring)."""
    pairs = find_contradictions(statements, window_days=window_days, registry=registry,
                                rules=["unconditional_vs_conditions"])
    side_for = registry.side_for if registry is not None else None
    by_side: dict[str, list] = defaultdict(list)
    for c in pairs:
        if same_speaker(c.a, c.b):
            continue  # one speaker reversing himself is a contradiction, not two voices
        side = _side_of(c.a, side_for)
        if not side or side != _side_of(c.b, side_for):
            continue
        if c.score < MIXED_MIN_SCORE:
            if withheld is not None:
                withheld.append(f"mixed_messages {side}: a pair scored {c.score:.1f} (< {MIXED_MIN_SCORE}: readiness to "
                                "talk about one subject, not an unconditional offer)")
            continue
        by_side[side].append(c)
    out = []
    for side, found in by_side.items():
        # one finding per run of pairs whose dates chain within MIXED_GAP_DAYS
        found.sort(key=lambda c: (c.a.published or dt.date.min, c.b.published or dt.date.min))
        runs: list[list] = []
        for c in found:
            day = c.a.published
            if runs and day and runs[-1][-1].b.published and (day - runs[-1][-1].b.published).days <= MIXED_GAP_DAYS:
                runs[-1].append(c)
            else:
                runs.append([c])
        for run in runs:
            both = _unique(x for c in run for x in (c.a, c.b))
            offers = [x for x in both if _offers(x)]
            conds = [x for x in both if not _offers(x)]
            evidence = _unique([*offers, *conds])
            officials = _officials(evidence)
            first, last = _span(evidence)
            if len(officials) < MIXED_MIN_OFFICIALS:
                if withheld is not None:
                    withheld.append(f"mixed_messages {side}: one official only")
                continue
            offered = ", ".join(_officials(offers))
            conditioned = ", ".join(_officials(conds))
            out.append(Tactic(
                pattern="mixed_messages", side=side,
                summary=(f"{side} sent mixed messages: {offered} offered talks without conditions while "
                         f"{conditioned} set conditions for them."),
                strength=(f"{len(run)} contradicting pair(s), {len(evidence)} statements by {len(officials)} officials, "
                          f"{_days(first, last)}; each pair within {window_days} days"),
                statements=len(evidence), officials=officials, first=first, last=last,
                evidence=tuple(evidence[:MAX_EVIDENCE]), theatre=_theatre(evidence),
                score=len(run) + 0.1 * len(evidence),
            ))
    return out


def _offers(s: Statement) -> bool:
    """True when the statement (or one of its sentences) offers talks without conditions."""
    return any(read_stance(u).talks_unconditional for u in units(s))


def role_split(profiles: Mapping[str, ActorProfile], statements: Sequence[Statement],
               withheld: list[str] | None = None, *, registry=None) -> list[Tactic]:
    """A conciliator and a hard-liner on one side, from the profiles' roles (intervals excluding the
    baseline). Only people play roles: an actor the ``registry`` knows as an institution (a
    ministry, a country) is left out."""
    by_id = {s.id: s for s in statements}
    sides: dict[str, dict[str, list[ActorProfile]]] = defaultdict(lambda: {"c": [], "h": []})
    for p in profiles.values():
        if not p.side or not _is_person(p, registry):
            continue
        if p.role == ROLE_CONCILIATORY:
            sides[p.side.upper()]["c"].append(p)
        elif p.role == ROLE_HARDLINE:
            sides[p.side.upper()]["h"].append(p)
    out = []
    for side, roles in sorted(sides.items()):
        if not roles["c"] or not roles["h"]:
            if withheld is not None:
                lone = (roles["c"] or roles["h"])[0]
                withheld.append(f"role_split {side}: only {lone.actor} has a role that excludes the baseline "
                                f"({lone.role})")
            continue
        c = max(roles["c"], key=lambda p: p.difference_low or 0.0)
        h = min(roles["h"], key=lambda p: p.difference_high or 0.0)
        evidence = _unique([by_id[i] for i in c.most_conciliatory[:3] if i in by_id]
                           + [by_id[i] for i in h.most_hardline[:3] if i in by_id])
        first, last = (min(d for d in (c.first, h.first) if d) if (c.first or h.first) else None,
                       max(d for d in (c.last, h.last) if d) if (c.last or h.last) else None)
        gap = min(abs(c.difference_low or 0.0), abs(h.difference_high or 0.0))
        out.append(Tactic(
            pattern="role_split", side=side,
            summary=(f"{side} plays two roles: {c.actor} is more conciliatory than the side and {h.actor} more "
                     "hard-line."),
            strength=(f"{c.actor}: {c.scored} coded statements, difference {c.difference:+.2f} "
                      f"[{c.difference_low:+.2f}, {c.difference_high:+.2f}]; {h.actor}: {h.scored} coded statements, "
                      f"difference {h.difference:+.2f} [{h.difference_low:+.2f}, {h.difference_high:+.2f}] "
                      f"(intervals split over {c.tests} actors tested)"),
            statements=c.scored + h.scored, officials=(c.actor, h.actor), first=first, last=last,
            evidence=tuple(evidence[:MAX_EVIDENCE]), theatre=_theatre(evidence),
            low=c.difference_low, high=h.difference_high, score=1.0 + gap,
        ))
    return out


def _is_person(p: ActorProfile, registry) -> bool:
    """False when the registry knows the actor as something other than a person."""
    if registry is None or not p.actor_id or p.actor_id not in registry:
        return True
    return registry.get(p.actor_id).type == "person"


def adversaries(statements: Iterable[Statement], side_for: Callable[[str], str | None] | None = None
                ) -> dict[str, set[str]]:
    """For each side, the sides it mostly attacks in words (:data:`ADVERSARY_MIN_HOSTILE` hostile statements aimed
    at one, more than the friendly ones), and those that so attack it."""
    hostile: Counter = Counter()
    friendly: Counter = Counter()
    for s in statements:
        side, target = _side_of(s, side_for), _target_of(s, side_for)
        if not side or not target or side == target:
            continue
        codes = _codes(s)
        if codes & _HOSTILE:
            hostile[(side, target)] += 1
        elif codes & _FRIENDLY:
            friendly[(side, target)] += 1
    out: dict[str, set[str]] = defaultdict(set)
    for (side, target), n in hostile.items():
        if n >= ADVERSARY_MIN_HOSTILE and n > friendly[(side, target)]:
            out[side].add(target)
            out[target].add(side)
    return out


def charm_offensive(statements: Sequence[Statement], *, side_for: Callable[[str], str | None] | None = None,
                    mediators: Iterable[str] = (), withheld: list[str] | None = None) -> list[Tactic]:
    """Praise and cooperation offers aimed at one of ``mediators`` (see the module docstring)."""
    mediators = {m.upper() for m in mediators}
    if not mediators:
        if withheld is not None:
            withheld.append("charm_offensive: no side is marked as a mediator in the registry (mediator: true)")
        return []
    enemies = adversaries(statements, side_for)
    aimed: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in statements:
        side, target = _side_of(s, side_for), _target_of(s, side_for)
        if not side or not target or side == target or target not in mediators or target in enemies.get(side, ()) \
                or not s.published:
            continue
        codes = _codes(s, conditional=False)
        if codes & {"PRAISE", "COOPERATE"}:
            aimed[(side, target)].append(s)
    out = []
    for (side, target), found in sorted(aimed.items()):
        found.sort(key=lambda s: s.published)  # type: ignore[arg-type,return-value]
        episodes: list[list[Statement]] = []
        for s in found:
            if episodes and (s.published - episodes[-1][-1].published).days <= CHARM_GAP_DAYS:  # type: ignore[operator]
                episodes[-1].append(s)
            else:
                episodes.append([s])
        for ep in episodes:
            praise = [s for s in ep if "PRAISE" in _codes(s)]
            coop = [s for s in ep if "COOPERATE" in _codes(s)]
            if len(praise) < CHARM_MIN_PRAISE or len(coop) < CHARM_MIN_COOPERATE or len(ep) < CHARM_MIN_STATEMENTS:
                if withheld is not None and len(ep) >= 2:
                    withheld.append(f"charm_offensive {side}->{target}: {len(praise)} praise, {len(coop)} cooperation "
                                    f"statements (needs {CHARM_MIN_PRAISE} and {CHARM_MIN_COOPERATE}, "
                                    f"{CHARM_MIN_STATEMENTS} in all)")
                continue
            first, last = _span(ep)
            officials = _officials(ep)
            evidence = _unique([*coop, *praise])
            out.append(Tactic(
                pattern="charm_offensive", side=side, target=target,
                summary=(f"{side} courted {target}: {len(praise)} statements of praise and {len(coop)} offers of "
                         f"cooperation or business aimed at it."),
                strength=(f"{len(ep)} statements by {len(officials)} official(s), {_days(first, last)}; no gap over "
                          f"{CHARM_GAP_DAYS} days"),
                statements=len(ep), officials=officials, first=first, last=last,
                evidence=tuple(evidence[:MAX_EVIDENCE]), theatre=_theatre(ep), score=len(ep) / 4.0,
            ))
    return out


def truce_against_deeds(ceasefires: Sequence, withheld: list[str] | None = None) -> list[Tactic]:
    """Declared truces (windows read from the words) during which the side's recorded attacks did not fall.

    ``ceasefires`` are :class:`parley.analysis.deeds.CeasefireCheck` records; conditional remarks are
    never among them, and a window only assumed (no dates in the words) is not a declared truce."""
    groups: dict[tuple, list] = defaultdict(list)
    for c in ceasefires:
        if not c.side:
            continue
        groups[(c.side.upper(), c.start, c.end)].append(c)
    out = []
    for (side, start, end), checks in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        c = checks[0]
        if c.window_source != "text" or c.verdict == "no events":
            continue
        if c.attacks < TRUCE_MIN_ATTACKS or c.attacks < c.attacks_before:
            if withheld is not None and c.verdict == "broken":
                withheld.append(f"truce_against_deeds {side} {start}: {c.attacks} attacks in the window against "
                                f"{c.attacks_before} before (needs {TRUCE_MIN_ATTACKS} and no fall)")
            continue
        evidence = _unique(x.statement for x in checks)
        days = (end - start).days + 1
        out.append(Tactic(
            pattern="truce_against_deeds", side=side,
            summary=(f"{side} declared a truce from {start.isoformat()} to {end.isoformat()}, yet {c.attacks} attacks by "
                     f"its forces are recorded in it ({c.attacks_before} in the {days} days before)."),
            strength=(f"{len(evidence)} statement(s) declaring it; {c.attacks} recorded attacks in {days} days "
                      f"against {c.attacks_before} before; {c.fatalities} fatalities"),
            statements=len(evidence), officials=_officials(evidence), first=start, last=end,
            evidence=tuple(evidence[:MAX_EVIDENCE]), theatre=_theatre(evidence),
            score=1.0 + c.attacks / max(1, c.attacks_before),
        ))
    return out


def _is_condition(s: Statement) -> bool:
    codes = _codes(s)
    return "SET_CONDITIONS" in codes or any(g.code == "OFFER_TALKS" and g.conditional and not g.negated
                                            for g in s.signals)


def stalling(statements: Sequence[Statement], *, side_for: Callable[[str], str | None] | None = None,
             withheld: list[str] | None = None) -> list[Tactic]:
    """Talks offered again and again while conditions stay and nothing is agreed (see the module docstring)."""
    by_side: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        side = _side_of(s, side_for)
        if side and s.published:
            by_side[side].append(s)
    out = []
    for side, mine in sorted(by_side.items()):
        mine.sort(key=lambda s: s.published)  # type: ignore[arg-type,return-value]
        # stretches between agreements: any AGREE by the side ends one
        stretches: list[list[Statement]] = [[]]
        for s in mine:
            if "AGREE" in _codes(s, conditional=False):
                stretches.append([])
            else:
                stretches[-1].append(s)
        for stretch in stretches:
            offers = [s for s in stretch if "OFFER_TALKS" in _codes(s)]
            if len(offers) < STALL_MIN_OFFERS:
                continue
            first, last = offers[0].published, offers[-1].published
            span = (last - first).days  # type: ignore[operator]
            middle = first + dt.timedelta(days=span / 2)  # type: ignore[operator]
            conds = [s for s in stretch if _is_condition(s) and first <= s.published <= last]  # type: ignore[operator]
            early = [s for s in conds if s.published <= middle]  # type: ignore[operator]
            late = [s for s in conds if s.published >= middle]  # type: ignore[operator]
            if span < STALL_MIN_DAYS or len(conds) < STALL_MIN_CONDITIONS or not early or not late:
                if withheld is not None:
                    withheld.append(f"stalling {side}: {len(offers)} offers over {span} days, {len(conds)} statements "
                                    f"of conditions ({len(early)} early, {len(late)} late; needs {STALL_MIN_DAYS} days, "
                                    f"{STALL_MIN_CONDITIONS} conditions, early and late)")
                continue
            evidence = _unique([*offers, *conds])
            evidence.sort(key=lambda s: s.published)  # type: ignore[arg-type,return-value]
            officials = _officials(evidence)
            out.append(Tactic(
                pattern="stalling", side=side,
                summary=(f"{side} offered talks {len(offers)} times over {span + 1} days while setting conditions "
                         f"{len(conds)} times and agreeing to nothing."),
                strength=(f"{len(offers)} offers and {len(conds)} statements of conditions ({len(early)} in the first "
                          f"half, {len(late)} in the second) by {len(officials)} official(s), {_days(first, last)}; "
                          "no agreement by the side in between"),
                statements=len(evidence), officials=officials, first=first, last=last,
                evidence=tuple(evidence[:MAX_EVIDENCE]), theatre=_theatre(evidence),
                score=len(offers) / STALL_MIN_OFFERS + span / 60.0,
            ))
    return out


# ------------------------------------------------------------------------------------------ entry
def find_tactics(
    statements: Iterable[Statement],
    *,
    profiles: Mapping[str, ActorProfile] | None = None,
    ceasefires: Sequence = (),
    registry=None,
    patterns: Iterable[str] | None = None,
    side: str | None = None,
    window_days: int = MIXED_WINDOW_DAYS,
    mediators: Iterable[str] | None = None,
) -> TacticsReport:
    """Every pattern of :data:`PATTERNS` found in ``statements`` (folded: one quote counted once),
    ``profiles`` (the one computation of roles) and ``ceasefires`` (saydo's checks), strongest
    first; ``side`` keeps one side's findings. ``registry`` (``side_for(name)``) fills in sides
    and targets the statements lack, and names the mediators (``mediators`` overrides it)."""
    statements = list(statements)
    wanted = set(patterns) if patterns is not None else set(PATTERN_NAMES)
    side_for = registry.side_for if registry is not None else None
    withheld: list[str] = []
    found: list[Tactic] = []
    if "mixed_messages" in wanted:
        found += mixed_messages(statements, registry=registry, window_days=window_days, withheld=withheld)
    if "role_split" in wanted and profiles:
        found += role_split(profiles, statements, withheld, registry=registry)
    if "charm_offensive" in wanted:
        if mediators is None:
            mediators = registry.mediators if registry is not None else ()
        found += charm_offensive(statements, side_for=side_for, mediators=mediators, withheld=withheld)
    if "truce_against_deeds" in wanted:
        found += truce_against_deeds(ceasefires, withheld)
    if "stalling" in wanted:
        found += stalling(statements, side_for=side_for, withheld=withheld)
    if side:
        found = [f for f in found if f.side == side.upper()]
        withheld = [w for w in withheld if f" {side.upper()}" in w]
    order = {p: i for i, p in enumerate(PATTERN_NAMES)}
    found.sort(key=lambda f: (order[f.pattern], -f.score, f.side, f.first or dt.date.min))
    return TacticsReport(tuple(found), tuple(withheld))


def tactic_row(t: Tactic) -> dict:
    """A flat row of a finding for tables and CSV."""
    return {
        "pattern": t.pattern,
        "side": t.side,
        "target": t.target,
        "summary": t.summary,
        "strength": t.strength,
        "statements": t.statements,
        "officials": "; ".join(t.officials),
        "first": t.first.isoformat() if t.first else None,
        "last": t.last.isoformat() if t.last else None,
        "theatre": t.theatre,
        "evidence": " ".join(t.evidence_ids),
    }
