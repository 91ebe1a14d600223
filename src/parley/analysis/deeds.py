"""Deeds against words: setting what sides say against what they do.

:func:`saydo` sets each declared, proposed or accepted ceasefire against the attacks recorded for
the same side within the ceasefire's window (read from the statement, see
:mod:`parley.analysis.ceasefire`), and each side's verbal cooperation against its material
conflict, period by period. The events come from ACLED and GDELT files read by
:mod:`parley.ingest.events`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..ingest.events import is_attack
from ..records import Event, Statement
from . import _text as T
from ._scores import period_start, statement_score
from .ceasefire import ceasefire_window

VERSION = "parley.analysis.deeds/1"

#: Days of events read beyond the statements' period on either side: a ceasefire declared near the
#: period's edge has a window (and a baseline before it) that reaches outside the period.
EVENT_PAD_DAYS = 60
#: Days at either end of the statements' period the events may fall short of without a warning (a
#: weekly export ends before the last statement of the week).
COVERAGE_SLACK_DAYS = 7


# ----------------------------------------------------------------------------------------- saydo
@dataclass(frozen=True, slots=True)
class CeasefireCheck:
    """One ceasefire a side declared, proposed or accepted, against its attacks in the window."""

    statement: Statement
    side: str | None
    start: dt.date
    end: dt.date
    window_source: str  # "text": read from the statement; "assumed": the statement's day plus default_days
    attacks: int
    fatalities: int
    events: tuple[str, ...]  # ids of the attacks in the window
    attacks_before: int  # attacks in a window of the same length just before (the baseline)
    verdict: str  # "kept", "broken", or "no events": no recorded event covers the window, or none
    # records an attack by the side at any time (the data cannot tell whether the truce held)


@dataclass(frozen=True, slots=True)
class SideSeries:
    """A side's words and deeds in one period."""

    side: str
    period: dt.date
    statements: int
    verbal_cooperation: float | None  # mean cooperation score of its coded statements
    events: int
    attacks: int  # material conflict by the side (side1)
    fatalities: int
    statement_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SayDo:
    ceasefires: tuple[CeasefireCheck, ...]
    series: tuple[SideSeries, ...]
    by: str
    correlation: Mapping[str, float | None]  # per side: verbal cooperation vs attacks across periods
    #: the first and last days of the events read (None: no event at all)
    events_first: dt.date | None = None
    events_last: dt.date | None = None
    #: what the reader must know first: no event covers the statements' period (or part of it)
    warning: str | None = None
    #: ceasefire statements left out because their offer is conditional ("would respect the ceasefire if ...")
    conditional: int = 0


def _is_ceasefire_statement(s: Statement) -> bool:
    codes = {g.code for g in s.signals if not g.negated}
    if "CEASEFIRE" in codes:
        return True
    # ("ceasefire" among the topics the words name: that one topic's words searched, not every topic's)
    return "AGREE" in codes and T.TOPIC_PATTERNS["ceasefire"].search(s.text) is not None


def _is_conditional(s: Statement) -> bool:
    """A ceasefire offered on a condition ("would respect the ceasefire if ..."): no declared truce."""
    return any(g.conditional for g in s.signals if not g.negated and g.code in ("CEASEFIRE", "AGREE"))


def coverage_warning(statement_days: list[dt.date], event_days: list[dt.date]) -> str | None:
    """The warning a words-against-deeds reading needs: no recorded event at all, or none over
    part of the statements' period (their deeds there cannot be told)."""
    if not statement_days:
        return None
    first, last = min(statement_days), max(statement_days)
    if not event_days:
        return (f"No recorded events cover {first.isoformat()} to {last.isoformat()}: words cannot be set against "
                "deeds, and no ceasefire can be called kept or broken. Import ACLED or GDELT files with "
                "`parley deeds import`.")
    e_first, e_last = min(event_days), max(event_days)
    slack = dt.timedelta(days=COVERAGE_SLACK_DAYS)
    if e_first > first + slack or e_last < last - slack:
        return (f"Recorded events cover {e_first.isoformat()} to {e_last.isoformat()} only, not the whole of "
                f"{first.isoformat()} to {last.isoformat()}: outside that span every verdict is 'no events'.")
    return None


def saydo(
    statements: Iterable[Statement],
    events: Iterable[Event],
    *,
    by: str = "week",
    default_days: int = 3,
    side: str | None = None,
) -> SayDo:
    """Words against deeds (see the module docstring).

    A ceasefire whose text gives no window is checked over ``default_days`` from the day of the
    statement (``window_source="assumed"``). The verdict is ``"broken"`` when the side's attacks are
    recorded inside the window, ``"kept"`` when none are while the data records the side's attacks at
    other times, and ``"no events"`` when the data has no attack by that side at all.
    """
    statements = list(statements)
    events = list(events)
    attacks_by_side: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.side1 and is_attack(e):
            attacks_by_side[e.side1.upper()].append(e)

    checks = []
    conditional = 0
    event_days = [e.date for e in events]
    e_first, e_last = (min(event_days), max(event_days)) if event_days else (None, None)
    for s in statements:
        if not _is_ceasefire_statement(s) or s.published is None:
            continue
        if side and (s.side or "").upper() != side.upper():
            continue
        if _is_conditional(s):  # only declared truces have windows
            conditional += 1
            continue
        win = ceasefire_window(s)
        source = "text"
        if win is None:
            win = (s.published, s.published + dt.timedelta(days=max(default_days, 1) - 1))
            source = "assumed"
        start, end = win
        mine = attacks_by_side.get((s.side or "").upper(), [])
        inside = [e for e in mine if start <= e.date <= end]
        length = (end - start).days + 1
        before = [e for e in mine if start - dt.timedelta(days=length) <= e.date < start]
        covered = e_first is not None and e_last is not None and e_first <= start and end <= e_last
        if inside:
            verdict = "broken"
        elif mine and covered:
            verdict = "kept"
        else:  # no event covers the window, or the side's attacks are never recorded: cannot tell
            verdict = "no events"
        checks.append(
            CeasefireCheck(
                statement=s, side=s.side, start=start, end=end, window_source=source,
                attacks=len(inside), fatalities=sum(e.fatalities or 0 for e in inside),
                events=tuple(e.id for e in inside), attacks_before=len(before), verdict=verdict,
            )
        )

    # verbal cooperation vs material conflict, per side and period
    cells: dict[tuple[str, dt.date], dict[str, Any]] = defaultdict(
        lambda: {"scores": [], "ids": [], "n": 0, "events": 0, "attacks": 0, "fatalities": 0}
    )
    for s in statements:
        if not s.side or s.published is None or (side and s.side.upper() != side.upper()):
            continue
        cell = cells[(s.side.upper(), period_start(s.published, by))]
        cell["n"] += 1
        cell["ids"].append(s.id)
        score = statement_score(s)
        if score is not None:
            cell["scores"].append(score)
    for e in events:
        if not e.side1 or (side and e.side1.upper() != side.upper()):
            continue
        cell = cells[(e.side1.upper(), period_start(e.date, by))]
        cell["events"] += 1
        if is_attack(e):
            cell["attacks"] += 1
            cell["fatalities"] += e.fatalities or 0
    series = tuple(
        SideSeries(
            side=k[0], period=k[1], statements=c["n"],
            verbal_cooperation=(sum(c["scores"]) / len(c["scores"])) if c["scores"] else None,
            events=c["events"], attacks=c["attacks"], fatalities=c["fatalities"], statement_ids=tuple(c["ids"]),
        )
        for k, c in sorted(cells.items())
    )
    correlation: dict[str, float | None] = {}
    for sd in sorted({p.side for p in series}):
        pts = [(p.verbal_cooperation, p.attacks) for p in series if p.side == sd and p.verbal_cooperation is not None]
        correlation[sd] = _pearson(pts)
    said = [s.published for s in statements if s.published is not None
            and (not side or (s.side or "").upper() == side.upper())]
    return SayDo(ceasefires=tuple(checks), series=series, by=by, correlation=correlation, events_first=e_first,
                 events_last=e_last, warning=coverage_warning(said, event_days), conditional=conditional)


def _pearson(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 3:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / (sxx * syy) ** 0.5


def event_window(since: dt.date | None, until: dt.date | None, pad_days: int = EVENT_PAD_DAYS
                 ) -> tuple[dt.date | None, dt.date | None]:
    """The dates of the events to read for statements of ``since``–``until``: the period widened by
    ``pad_days`` on either side, held within the calendar (None stays open)."""
    return shift_day(since, -pad_days), shift_day(until, pad_days)


def shift_day(day: dt.date | None, days: int) -> dt.date | None:
    """``day`` moved by ``days``, held within the calendar (year 1 to 9999)."""
    if day is None:
        return None
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:  # a date near year 1 or 9999: the window reaches the calendar's edge
        return dt.date.max if days > 0 else dt.date.min


__all__ = ["EVENT_PAD_DAYS", "CeasefireCheck", "SayDo", "SideSeries", "coverage_warning", "event_window", "is_attack",
           "saydo", "shift_day"]
