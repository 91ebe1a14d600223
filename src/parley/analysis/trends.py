"""Trends: signal rates and the cooperation score of a side or an actor over time, and where they shift.

:func:`trends` groups statements by period (day, week, month, quarter, year), gives each period its
signal rates (with Wilson intervals) and its mean cooperation score (with a bootstrap interval), and
finds change points on the statement-by-statement score series with ``ruptures`` (PELT, least
squares). Before the search, single statements that stand far from their neighbours (more than
``outlier_z`` standard deviations of the other statements' residuals from the running median of
their neighbours) are set aside as *outliers* and
replaced by that median, so that one outlying statement is reported as an outlier and never as a
shift; a change point is reported only when both sides of it hold at least ``min_size`` statements
(:data:`~parley.analysis._scores.MIN_EVIDENCE` by default), the means differ by at least
``min_shift``, and the interval on the difference excludes zero at the family-wise level
:data:`~parley.analysis._scores.ALPHA` split (Bonferroni) over every period of every series tested
(``tests`` series, e.g. the sides of a briefing, times the periods of the trend). A candidate that
fails is dropped and its neighbours' segments merge, so each reported shift is tested on the
statements it really separates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import ConfigError, NotFound
from ..records import Statement
from ._scores import MIN_EVIDENCE, PERIODS, bootstrap_mean, diff_interval, period_start, statement_score, wilson
from .profiles import SIGNAL_CODES, _select, actor_key


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One period of a trend."""

    period: dt.date
    statements: int
    scored: int
    score: float | None
    score_low: float | None
    score_high: float | None
    rates: Mapping[str, float] = field(default_factory=dict)  # code -> share of the period's statements
    rate_intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # Wilson 95%
    statement_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """A sustained shift of the cooperation score, from the statement ``statement_id`` on."""

    date: dt.date
    period: dt.date
    statement_id: str
    before: float
    after: float
    shift: float
    n_before: int
    n_after: int
    #: the interval on ``shift`` (Welch, at the level split over the tests: see the module docstring)
    low: float | None = None
    high: float | None = None
    #: how many tests the level was split over (periods × series)
    tests: int = 1
    #: the statements of the weeks after the shift that moved furthest in its direction (ids,
    #: strongest first): what to read to see the shift, besides the statement it starts from
    evidence: tuple[str, ...] = ()


#: Days after a shift whose statements are searched for its evidence.
EVIDENCE_DAYS = 21
#: How many statements of evidence a shift names.
EVIDENCE_STATEMENTS = 3


@dataclass(frozen=True, slots=True)
class Outlier:
    """One statement far from its neighbours' scores: not a shift."""

    statement_id: str
    date: dt.date
    score: float
    expected: float


@dataclass(frozen=True, slots=True)
class Trend:
    subject: str
    by: str
    side: str | None
    actor: str | None
    statements: int
    points: tuple[TrendPoint, ...]
    change_points: tuple[ChangePoint, ...]
    outliers: tuple[Outlier, ...]


def _running_median(x: np.ndarray, half: int) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(len(x)):
        lo, hi = max(0, i - half), min(len(x), i + half + 1)
        window = np.concatenate([x[lo:i], x[i + 1:hi]])  # the neighbours, not the point itself
        out[i] = np.median(window) if len(window) else x[i]
    return out


def robust_sigma(x: np.ndarray) -> float:
    """Noise level from successive differences (insensitive to steps), floored so that coarse,
    repetitive scores do not give zero."""
    if len(x) < 3:
        return 1.0
    d = np.diff(x)
    mad = float(np.median(np.abs(d - np.median(d)))) * 1.4826 / np.sqrt(2)
    sd = float(np.std(d)) / np.sqrt(2)
    return max(mad, 0.5 * sd, 0.25)


def detect_changes(
    values: list[float],
    *,
    min_size: int = 3,
    min_shift: float = 1.0,
    penalty: float | None = None,
    outlier_z: float = 3.0,
) -> tuple[list[int], list[int], np.ndarray]:
    """Break indices (the first index of each new segment) and outlier indices of a score series;
    also the cleaned series the breaks were found on."""
    # ruptures takes over a second to import (scikit-learn, scipy): it is loaded when a trend is
    # computed, not by every command that imports the library.
    import ruptures as rpt

    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2 * min_size:
        return [], [], x
    sigma = robust_sigma(x)
    med = _running_median(x, 3)
    resid = x - med
    # each point against the spread of the other points' residuals (leave-one-out standard deviation)
    tot, tot2 = resid.sum(), (resid**2).sum()
    loo_mean = (tot - resid) / (n - 1)
    loo_sd = np.sqrt(np.maximum((tot2 - resid**2) / (n - 1) - loo_mean**2, 0.0))
    loo_sd = np.maximum(loo_sd, 0.25)
    outliers = [i for i in range(n) if abs(resid[i] - loo_mean[i]) > outlier_z * loo_sd[i]]
    clean = x.copy()
    clean[outliers] = med[outliers]
    pen = penalty if penalty is not None else 3.0 * sigma**2 * np.log(n)
    # KernelCPD with a linear kernel minimises the same least-squares cost as Pelt(model="l2")
    # but runs in compiled code: thousands of times faster on long statement-by-statement series.
    algo = rpt.KernelCPD(kernel="linear", min_size=min_size, jump=1).fit(clean.reshape(-1, 1))
    ends = algo.predict(pen=pen)  # segment ends, the last one is n
    breaks = []
    bounds = [0] + ends
    for i in range(1, len(bounds) - 1):
        b = bounds[i]
        before = clean[bounds[i - 1]:b]
        after = clean[b:bounds[i + 1]]
        if len(before) >= min_size and len(after) >= min_size and abs(after.mean() - before.mean()) >= min_shift:
            breaks.append(b)
    return breaks, outliers, clean


def trends(
    statements: Iterable[Statement],
    *,
    by: str = "week",
    side: str | None = None,
    actor: str | None = None,
    n_boot: int = 500,
    min_size: int = MIN_EVIDENCE,
    min_shift: float = 1.0,
    penalty: float | None = None,
    seed: int = 0,
    series: int = 1,
) -> Trend:
    """The trend of ``side``'s or ``actor``'s statements (all of them when neither is given).

    See the module docstring for the method; ``penalty`` overrides PELT's penalty (default
    3·σ²·ln n, σ estimated from successive differences); ``series`` is how many such trends are
    looked at together (the sides of a briefing), which the shifts' intervals take into account.
    """
    if by not in PERIODS:
        raise ConfigError(f"{by!r} is not a period; use one of {', '.join(PERIODS)}")
    pool = [s for s in statements if s.published is not None]
    subject = "all statements"
    if side:
        pool = [s for s in pool if (s.side or "").upper() == side.upper()]
        subject = f"side {side.upper()}"
    if actor:
        key = _select(actor, pool)
        pool = [s for s in pool if actor_key(s) == key]
        subject = pool[0].speaker if pool and pool[0].speaker else actor
    if not pool:
        raise NotFound(f"no dated statements for {subject}; check the filters with `parley statements`")
    pool.sort(key=lambda s: (s.published, s.doc_id, s.start))

    cells: dict[dt.date, list[Statement]] = defaultdict(list)
    for s in pool:
        cells[period_start(s.published, by)].append(s)  # type: ignore[arg-type]
    points = []
    for i, (period, group) in enumerate(sorted(cells.items())):
        values = [v for v in (statement_score(s) for s in group) if v is not None]
        mean, lo, hi = bootstrap_mean(values, n_boot=n_boot, seed=seed + i)
        rates, intervals = {}, {}
        for code in SIGNAL_CODES:
            k = sum(1 for s in group if any(g.code == code and not g.negated for g in s.signals))
            p, rlo, rhi = wilson(k, len(group))
            rates[code] = round(p, 4)
            intervals[code] = (round(rlo, 4), round(rhi, 4))
        points.append(
            TrendPoint(
                period=period, statements=len(group), scored=len(values),
                score=None if mean is None else round(mean, 4),
                score_low=None if lo is None else round(lo, 4),
                score_high=None if hi is None else round(hi, 4),
                rates=rates, rate_intervals=intervals, statement_ids=tuple(s.id for s in group),
            )
        )

    scored = [(s, v) for s, v in ((s, statement_score(s)) for s in pool) if v is not None]
    values = [v for _, v in scored]
    breaks, outlier_idx, clean = detect_changes(
        values, min_size=min_size, min_shift=min_shift, penalty=penalty
    )
    tests = max(1, len(points)) * max(1, series)
    kept = _significant(breaks, clean, tests=tests, min_size=min_size)
    bounds = [0] + kept + [len(values)]
    changes = []
    for j, b in enumerate(kept):
        before = clean[bounds[j]:b]
        after = clean[b:bounds[j + 2]]
        _, lo, hi = diff_interval(list(after), list(before), tests=tests)
        s = scored[b][0]
        change = ChangePoint(
            date=s.published, period=period_start(s.published, by), statement_id=s.id,  # type: ignore[arg-type]
            before=round(float(before.mean()), 4), after=round(float(after.mean()), 4),
            shift=round(float(after.mean() - before.mean()), 4), n_before=len(before), n_after=len(after),
            low=None if lo is None else round(lo, 4), high=None if hi is None else round(hi, 4), tests=tests,
        )
        changes.append(replace(change, evidence=shift_evidence(change, pool)))
    outliers = tuple(
        Outlier(scored[i][0].id, scored[i][0].published, round(values[i], 4), round(float(clean[i]), 4))  # type: ignore[arg-type]
        for i in outlier_idx
    )
    return Trend(
        subject=subject, by=by, side=side.upper() if side else None, actor=actor, statements=len(pool),
        points=tuple(points), change_points=tuple(changes), outliers=outliers,
    )


def _significant(breaks: list[int], clean: np.ndarray, *, tests: int, min_size: int) -> list[int]:
    """The candidate breaks whose segments hold ``min_size`` statements each and whose difference
    has an interval (split over ``tests``) that excludes zero; the weakest failing candidate is
    dropped first and the test repeated on the merged segments."""
    kept = list(breaks)
    while kept:
        bounds = [0] + kept + [len(clean)]
        worst, worst_margin = None, None
        for j, b in enumerate(kept):
            before, after = clean[bounds[j]:b], clean[b:bounds[j + 2]]
            if len(before) < min_size or len(after) < min_size:
                margin = -float("inf")
            else:
                _, lo, hi = diff_interval(list(after), list(before), tests=tests)
                margin = max(lo, -hi)  # > 0 when the interval excludes zero
            if margin <= 0 and (worst_margin is None or margin < worst_margin):
                worst, worst_margin = j, margin
        if worst is None:
            return kept
        del kept[worst]
    return kept


def shift_evidence(change: ChangePoint, statements: Iterable[Statement], *, days: int = EVIDENCE_DAYS,
                   n: int = EVIDENCE_STATEMENTS) -> tuple[str, ...]:
    """The ids of the statements of the ``days`` after a shift (its own first statement aside)
    that moved furthest in its direction past the level before it, strongest first."""
    up = change.shift > 0
    try:
        last = change.date + dt.timedelta(days=days)
    except OverflowError:  # a shift near year 9999: the window reaches the calendar's edge
        last = dt.date.max
    after = [s for s in statements if s.published and change.date <= s.published <= last]
    scored = [(s, v) for s, v in ((s, statement_score(s)) for s in after)
              if v is not None and (v > change.before if up else v < change.before)]
    scored.sort(key=lambda sv: -sv[1] if up else sv[1])
    return tuple(s.id for s, _ in scored if s.id != change.statement_id)[:n]


def trend_rows(t: Trend) -> list[dict]:
    """Flat rows of a trend (one per period) for tables and CSV."""
    shifts = {c.period: c for c in t.change_points}
    rows = []
    for p in t.points:
        row = {
            "period": p.period.isoformat(),
            "statements": p.statements,
            "score": p.score,
            "ci": f"[{p.score_low:+.2f}, {p.score_high:+.2f}]" if p.score_low is not None else None,
            "shift": (f"{shifts[p.period].before:+.2f} -> {shifts[p.period].after:+.2f} "
                      f"(difference [{shifts[p.period].low:+.2f}, {shifts[p.period].high:+.2f}])")
            if p.period in shifts else "",
        }
        for code in SIGNAL_CODES:
            row[code] = p.rates.get(code)
        rows.append(row)
    return rows
