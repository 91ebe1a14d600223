"""Actor profiles: what an actor says, how cooperative it is, and where it stands on its own side.

A profile counts each signal code (with a Wilson interval on its rate), takes the mean
cooperation–conflict score of the actor's coded statements (PLOVER's −10…+10 scale, see
:func:`parley.analysis._scores.statement_score`) with a bootstrap interval, and compares it with
the rest of the actor's side: the role ("more conciliatory than its side", "more hard-line than its
side", "in line with its side") is read from the data, and stated only when the actor has at least
:data:`~parley.analysis._scores.MIN_EVIDENCE` coded statements (and its side as many) and the
interval of the difference excludes zero at the family-wise level
:data:`~parley.analysis._scores.ALPHA` split (Bonferroni) over every actor whose role is tested.

:func:`profiles` is the one computation of roles: :func:`profile` and :func:`rank_actors` read
from it, and so do the command line, the dashboard and the briefing (through
``parley.api.Parley.profiles``), so that they never disagree. An actor's side is the side most of
its statements carry; its baseline is every other statement of that side. Each profile names the
statements at either end of its range, so an analyst can read the evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ConfigError, NotFound
from ..records import Statement
from ._scores import MIN_EVIDENCE, bootstrap_mean, diff_interval, statement_score, wilson

SIGNAL_CODES = (
    "OFFER_TALKS", "SET_CONDITIONS", "REJECT", "CEASEFIRE", "AGREE", "CONCEDE", "THREATEN", "ACCUSE",
    "PRAISE", "COOPERATE", "SANCTION",
)

ROLE_CONCILIATORY = "more conciliatory than its side"
ROLE_HARDLINE = "more hard-line than its side"
ROLE_IN_LINE = "in line with its side"
ROLE_NO_SIDE = "no side to compare with"
ROLE_TOO_FEW = "too few coded statements to tell"


@dataclass(frozen=True, slots=True)
class SignalRate:
    """How often an actor's statements carry one signal code, against the rest of its side."""

    code: str
    count: int
    rate: float
    low: float
    high: float
    side_rate: float | None = None


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """An actor's signals, cooperation score and role on its side (see the module docstring)."""

    actor: str
    actor_id: str | None
    side: str | None
    statements: int
    scored: int
    first: dt.date | None
    last: dt.date | None
    signals: tuple[SignalRate, ...]
    cooperation: float | None
    cooperation_low: float | None
    cooperation_high: float | None
    goldstein: float | None
    side_statements: int
    side_cooperation: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    role: str
    evidence: str
    #: how many actors' roles were tested together (the interval's level is split over them)
    tests: int = 1
    most_conciliatory: tuple[str, ...] = ()  # statement ids, most cooperative first
    most_hardline: tuple[str, ...] = ()  # statement ids, most conflictual first
    signal_counts: Mapping[str, int] = field(default_factory=dict)


def actor_key(s: Statement) -> str | None:
    """The key that groups an actor's statements: its registry id, else its name."""
    if s.actor_id:
        return s.actor_id
    return s.speaker.casefold() if s.speaker else None


def _side(s: Statement, registry) -> str | None:
    if s.side:
        return s.side.upper()
    if registry is not None and s.speaker:
        side = registry.side_for(s.speaker)
        return side.upper() if side else None
    return None


def _select(query: str, statements: list[Statement]) -> str:
    """The actor key ``query`` names: an id, a full name, or an unambiguous surname."""
    q = query.strip().casefold()
    keys = {actor_key(s) for s in statements if s.actor_id and s.actor_id.casefold() == q}
    if not keys:
        keys = {actor_key(s) for s in statements if s.speaker and s.speaker.casefold() == q}
    if not keys:
        keys = {
            actor_key(s) for s in statements
            if s.speaker and (s.speaker.split()[-1].casefold() == q or q in s.speaker.casefold())
        }
    keys.discard(None)
    if not keys:
        raise NotFound(f"no statements by {query!r}; list speakers with `parley actors --rank`")
    if len(keys) > 1:
        names = sorted({s.speaker or "" for s in statements if actor_key(s) in keys})
        raise ConfigError(f"{query!r} names several actors ({'; '.join(names)}); give the full name or the actor id")
    return keys.pop()  # type: ignore[return-value]


def _codes_of(statements: Iterable[Statement]) -> Counter:
    """How many of ``statements`` carry each (non-negated) signal code."""
    return Counter(c for s in statements for c in {g.code for g in s.signals if not g.negated})


@dataclass(frozen=True, slots=True)
class _Rest:
    """What a profile reads of the rest of the actor's side: how many statements, how many carry
    each code, and the scores of those coded (in the order of the statements)."""

    statements: int
    codes: Mapping[str, int]
    values: np.ndarray


def _profile(key: str, mine: list[Statement], rest: _Rest, side: str | None, *,
             n_boot: int, min_scored: int, seed: int, tests: int = 1,
             codes_mine: Counter | None = None, values_mine: list[float | None] | None = None) -> ActorProfile:
    """``rest``: what is read of the rest of the side's statements; ``codes_mine`` and
    ``values_mine`` (each statement's score or None): those of ``mine`` when already counted."""
    name_counts = Counter(s.speaker for s in mine if s.speaker)
    name = name_counts.most_common(1)[0][0] if name_counts else key
    actor_id = next((s.actor_id for s in mine if s.actor_id), None)
    codes_mine = _codes_of(mine) if codes_mine is None else codes_mine
    codes_rest = rest.codes
    rates = []
    for code in SIGNAL_CODES:
        k = codes_mine.get(code, 0)
        p, lo, hi = wilson(k, len(mine))
        side_rate = codes_rest.get(code, 0) / rest.statements if rest.statements else None
        rates.append(SignalRate(code, k, round(p, 4), round(lo, 4), round(hi, 4),
                                round(side_rate, 4) if side_rate is not None else None))
    scored = list(zip(mine, [statement_score(s) for s in mine] if values_mine is None else values_mine))
    scored = [(s, v) for s, v in scored if v is not None]
    values = [v for _, v in scored]
    rest_values = rest.values
    mean, lo, hi = bootstrap_mean(values, n_boot=n_boot, seed=seed)
    gold = [s.event.goldstein for s in mine if s.event is not None and s.event.goldstein is not None]
    side_mean = sum(rest_values.tolist()) / len(rest_values) if len(rest_values) else None
    diff, dlo, dhi = diff_interval(values, rest_values, tests=tests)

    if not side:
        role = ROLE_NO_SIDE
    elif len(values) < min_scored or len(rest_values) < min_scored:
        role = ROLE_TOO_FEW
    elif dlo is not None and dlo > 0:
        role = ROLE_CONCILIATORY
    elif dhi is not None and dhi < 0:
        role = ROLE_HARDLINE
    else:
        role = ROLE_IN_LINE

    parts = []
    if mean is not None:
        parts.append(f"mean cooperation {mean:+.2f} [{lo:+.2f}, {hi:+.2f}] over {len(values)} coded statements")
    if side_mean is not None:
        parts.append(f"rest of {side}: {side_mean:+.2f} over {len(rest_values)}")
    if diff is not None:
        parts.append(f"difference {diff:+.2f} [{dlo:+.2f}, {dhi:+.2f}]")
    if rest.statements:
        gaps = sorted(
            (r for r in rates if r.side_rate is not None and (r.count or r.side_rate)),
            key=lambda r: -abs(r.rate - (r.side_rate or 0.0)),
        )[:3]
        for r in gaps:
            parts.append(f"{r.code} {r.rate:.0%} vs side {r.side_rate:.0%}")
    ranked = sorted(scored, key=lambda sv: (-sv[1], sv[0].published or dt.date.min))
    dates = [s.published for s in mine if s.published]
    return ActorProfile(
        actor=name,
        actor_id=actor_id,
        side=side,
        statements=len(mine),
        scored=len(values),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        signals=tuple(rates),
        cooperation=None if mean is None else round(mean, 4),
        cooperation_low=None if lo is None else round(lo, 4),
        cooperation_high=None if hi is None else round(hi, 4),
        goldstein=round(sum(gold) / len(gold), 4) if gold else None,
        side_statements=rest.statements,
        side_cooperation=None if side_mean is None else round(side_mean, 4),
        difference=None if diff is None else round(diff, 4),
        difference_low=None if dlo is None else round(dlo, 4),
        difference_high=None if dhi is None else round(dhi, 4),
        role=role,
        evidence="; ".join(parts) if parts else "no coded statements",
        tests=tests,
        most_conciliatory=tuple(s.id for s, v in ranked[:3] if v > 0),
        most_hardline=tuple(s.id for s, v in reversed(ranked[-3:]) if v < 0),
        signal_counts=dict(codes_mine),
    )


def _groups(statements: Iterable[Statement], registry) -> tuple[dict[str, list[Statement]], dict[str, str | None]]:
    by_actor: dict[str, list[Statement]] = defaultdict(list)
    side_votes: dict[str, Counter] = defaultdict(Counter)
    for s in statements:
        key = actor_key(s)
        if key is None:
            continue
        by_actor[key].append(s)
        side_votes[key][_side(s, registry)] += 1
    sides = {k: (v.most_common(1)[0][0] if v else None) for k, v in side_votes.items()}
    return by_actor, sides


def profiles(
    statements: Iterable[Statement],
    *,
    registry=None,
    n_boot: int = 1000,
    min_scored: int = MIN_EVIDENCE,
    seed: int = 0,
) -> dict[str, ActorProfile]:
    """Every actor's profile over ``statements`` (by actor key): the one computation of roles.

    An actor's role is tested when it and the rest of its side each have ``min_scored`` coded
    statements; the intervals are split over the number of actors so tested."""
    by_actor, sides = _groups(statements, registry)
    # each statement's score and each actor's codes, read once; a side's totals, summed once: the
    # rest of an actor's side is its side less the actor (it was gathered again for every actor,
    # which made the profiles of a store with thousands of speakers take the square of its size)
    values_of = {k: [statement_score(s) for s in g] for k, g in by_actor.items()}
    codes_of = {k: _codes_of(g) for k, g in by_actor.items()}
    scored_of = {k: sum(1 for v in vs if v is not None) for k, vs in values_of.items()}
    side_scored: Counter = Counter()
    for k, n in scored_of.items():
        if sides.get(k):
            side_scored[sides[k]] += n
    tests = sum(1 for k, n in scored_of.items()
                if sides.get(k) and n >= min_scored and side_scored[sides[k]] - n >= min_scored)
    # per side: its statements and codes, and the scores of its actors one after another (in the
    # actors' order), each actor's run of scores at ``spans[key]``
    side_total: Counter = Counter()
    side_codes: dict[str, Counter] = defaultdict(Counter)
    side_values: dict[str, list[float]] = defaultdict(list)
    spans: dict[str, tuple[int, int]] = {}
    for k, g in by_actor.items():
        side = sides.get(k)
        if not side:
            continue
        side_total[side] += len(g)
        side_codes[side].update(codes_of[k])
        run = side_values[side]
        first = len(run)
        run.extend(v for v in values_of[k] if v is not None)
        spans[k] = (first, len(run))
    arrays = {side: np.asarray(run, dtype=float) for side, run in side_values.items()}
    out = {}
    for key, mine in by_actor.items():
        my_side = sides.get(key)
        if my_side:
            a, b = spans[key]
            codes = side_codes[my_side] - codes_of[key]  # (a code's count is never below the actor's)
            rest = _Rest(side_total[my_side] - len(mine), codes, np.concatenate((arrays[my_side][:a], arrays[my_side][b:])))
        else:
            rest = _Rest(0, Counter(), np.empty(0))
        out[key] = _profile(key, mine, rest, my_side, n_boot=n_boot, min_scored=min_scored, seed=seed,
                            tests=max(1, tests), codes_mine=codes_of[key], values_mine=values_of[key])
    return out


def pick(actor_id_or_name: str, found: Mapping[str, ActorProfile], statements: Iterable[Statement]) -> ActorProfile:
    """The profile, among ``found`` (from :func:`profiles` over ``statements``), of the actor an
    id, a full name or an unambiguous surname names."""
    return found[_select(actor_id_or_name, list(statements))]


def profile(
    actor_id_or_name: str,
    statements: Iterable[Statement],
    *,
    registry=None,
    n_boot: int = 1000,
    min_scored: int = MIN_EVIDENCE,
    seed: int = 0,
) -> ActorProfile:
    """The profile of one actor (an id, a full name or an unambiguous surname) over ``statements``,
    which should hold its side's statements too (the role is relative to them); the same as its
    entry in :func:`profiles`."""
    statements = list(statements)
    return pick(actor_id_or_name, profiles(statements, registry=registry, n_boot=n_boot, min_scored=min_scored,
                                           seed=seed), statements)


def ranked(found: Iterable[ActorProfile], *, side: str | None = None, min_statements: int = 3) -> list[ActorProfile]:
    """The profiles of actors with at least ``min_statements`` statements (of ``side`` if given),
    most conciliatory first (by mean cooperation score; actors without a score last)."""
    out = [p for p in found if p.statements >= min_statements and (not side or (p.side or "") == side.upper())]
    out.sort(key=lambda p: (p.cooperation is None, -(p.cooperation or 0.0), -p.statements, p.actor))
    return out


def rank_actors(
    statements: Iterable[Statement],
    *,
    side: str | None = None,
    registry=None,
    min_statements: int = 3,
    n_boot: int = 1000,
    min_scored: int = MIN_EVIDENCE,
    seed: int = 0,
) -> list[ActorProfile]:
    """Profiles of every actor with at least ``min_statements`` statements (of ``side`` if given),
    most conciliatory first: :func:`profiles`, ranked."""
    found = profiles(statements, registry=registry, n_boot=n_boot, min_scored=min_scored, seed=seed)
    return ranked(found.values(), side=side, min_statements=min_statements)


def profile_row(p: ActorProfile) -> dict:
    """A flat row of a profile for tables and CSV."""
    row = {
        "actor": p.actor,
        "side": p.side,
        "statements": p.statements,
        "cooperation": p.cooperation,
        "ci": f"[{p.cooperation_low:+.2f}, {p.cooperation_high:+.2f}]" if p.cooperation_low is not None else None,
        "side_cooperation": p.side_cooperation,
        "role": p.role,
        "evidence": p.evidence,
    }
    for r in p.signals:
        row[r.code] = r.count
    return row
