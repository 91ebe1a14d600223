"""Numbers the analyses share: a statement's cooperation score, periods, bootstrap intervals."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import lru_cache
from statistics import NormalDist

import numpy as np

from ..errors import ConfigError
from ..signals.codebook import load_codebook

#: PLOVER category-default cooperation scores (PLOVER 2.0 manual, ACCUSE's sign corrected) of the
#: event each signal code maps to; used when a statement carries no EventCode.
_FALLBACK_SCORES = {
    "OFFER_TALKS": 2.5, "SET_CONDITIONS": 0.0, "REJECT": -2.0, "CEASEFIRE": 2.5, "AGREE": 2.5,
    "CONCEDE": 4.5, "THREATEN": -3.5, "ACCUSE": -3.0, "PRAISE": 5.0, "COOPERATE": 9.5, "SANCTION": -6.0,
}

PERIODS = ("day", "week", "month", "quarter", "year")

#: The fewest coded statements a finding rests on: on each side of a shift, for an actor whose role
#: is stated, and in each period a signal's rate is compared over. Below it a finding is not stated.
MIN_EVIDENCE = 10
#: The family-wise error rate of the findings one analysis states (split over its tests, Bonferroni).
ALPHA = 0.05
#: The smallest standard deviation a sample of scores is taken to have: a handful of statements
#: that happen to score alike do not make a certain difference.
MIN_SD = 1.0


@lru_cache(maxsize=1)
def _code_scores() -> dict[str, float]:
    """Each signal code's PLOVER cooperation score: the codebook's (a codebook that cannot be
    loaded is an error), else the manual's category default for a code the codebook leaves open."""
    scores = dict(_FALLBACK_SCORES)
    for code, sig in load_codebook().signals.items():
        if sig.plover_score is not None:
            scores[code] = float(sig.plover_score)
    return scores


def statement_score(statement) -> float | None:
    """A statement's cooperation–conflict score on PLOVER's −10…+10 scale.

    The coder's ``event.cooperation`` when set, else its Goldstein score, else the mean PLOVER score
    of its (non-negated) signal codes; None for a statement with no code at all.
    """
    ev = statement.event
    if ev is not None:
        if ev.cooperation is not None:
            return float(ev.cooperation)
        if ev.goldstein is not None:
            return float(ev.goldstein)
    table = _code_scores()
    vals = [table[s.code] for s in statement.signals if not s.negated and s.code in table]
    return sum(vals) / len(vals) if vals else None


def period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period (``day``, ``week`` from Monday, ``month``, ``quarter``, ``year``) holding ``day``."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if by == "year":
        return dt.date(day.year, 1, 1)
    raise ConfigError(f"{by!r} is not a period; use one of {', '.join(PERIODS)}")


def bootstrap_mean(values: Sequence[float], *, n_boot: int = 1000, level: float = 0.95, seed: int = 0
                   ) -> tuple[float | None, float | None, float | None]:
    """The mean of ``values`` and its percentile-bootstrap interval (seeded: the same input gives the
    same interval). One value gives a zero-width interval; none gives Nones."""
    if not values:
        return None, None, None
    arr = np.asarray(values, dtype=float)
    mean = float(arr.mean())
    if len(arr) == 1 or n_boot <= 0:
        return mean, mean, mean
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(arr), size=(n_boot, len(arr)))
    means = arr[idx].mean(axis=1)
    alpha = (1 - level) / 2
    return mean, float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))


def bootstrap_diff(a: Sequence[float], b: Sequence[float], *, n_boot: int = 1000, level: float = 0.95,
                   seed: int = 0) -> tuple[float | None, float | None, float | None]:
    """mean(a) − mean(b) with a percentile-bootstrap interval (each sample resampled on its own)."""
    if not a or not b:
        return None, None, None
    xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = float(xa.mean() - xb.mean())
    if n_boot <= 0:
        return diff, diff, diff
    rng = np.random.default_rng(seed)
    ma = xa[rng.integers(0, len(xa), size=(n_boot, len(xa)))].mean(axis=1)
    mb = xb[rng.integers(0, len(xb), size=(n_boot, len(xb)))].mean(axis=1)
    d = ma - mb
    alpha = (1 - level) / 2
    return diff, float(np.quantile(d, alpha)), float(np.quantile(d, 1 - alpha))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float, float]:
    """A proportion k/n with its Wilson score interval."""
    if n == 0:
        return 0.0, 0.0, 0.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return p, max(0.0, centre - half), min(1.0, centre + half)


def z_value(tests: int = 1, alpha: float = ALPHA) -> float:
    """The two-sided normal quantile for ``alpha`` split over ``tests`` tests (Bonferroni)."""
    return NormalDist().inv_cdf(1 - alpha / (2 * max(1, int(tests))))


def diff_interval(a: Sequence[float], b: Sequence[float], *, tests: int = 1, alpha: float = ALPHA
                  ) -> tuple[float | None, float | None, float | None]:
    """mean(a) − mean(b) with its Welch (normal) interval at level 1 − ``alpha``/``tests``: the
    interval a finding must exclude zero with, when ``tests`` such differences are looked at.
    Each sample's standard deviation is floored at :data:`MIN_SD`."""
    if len(a) == 0 or len(b) == 0:  # (an array's truth is not its length)
        return None, None, None
    xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = float(xa.mean() - xb.mean())
    sa = max(float(xa.std(ddof=1)) if len(xa) > 1 else 0.0, MIN_SD)
    sb = max(float(xb.std(ddof=1)) if len(xb) > 1 else 0.0, MIN_SD)
    half = z_value(tests, alpha) * math.sqrt(sa * sa / len(xa) + sb * sb / len(xb))
    return diff, diff - half, diff + half


def rate_diff_interval(k1: int, n1: int, k2: int, n2: int, *, tests: int = 1, alpha: float = ALPHA
                       ) -> tuple[float | None, float | None, float | None]:
    """k1/n1 − k2/n2 with its Newcombe (hybrid Wilson) interval at level 1 − ``alpha``/``tests``."""
    if not n1 or not n2:
        return None, None, None
    z = z_value(tests, alpha)
    p1, l1, u1 = wilson(k1, n1, z)
    p2, l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
