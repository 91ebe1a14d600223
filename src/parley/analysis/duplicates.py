"""One quote, counted once: near-identical statements by one speaker fold into one.

A wire quote carried by several outlets, or repeated by one outlet in its lede and its body, is
one thing said, not several. :func:`fold` groups the statements of each speaker (its registry id,
else its name) whose texts, normalised (case, quotation marks, punctuation and spacing aside),
are at least ``similarity`` alike (rapidfuzz's ratio, 0–100) and fall within ``window_days`` of
each other; each group keeps its earliest statement and lists the others as its copies, so a
finding can cite every source. :func:`folded` gives the kept statements only: the counts, rates,
trends and roles of the analyses are computed on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..records import Statement
from .profiles import actor_key

#: How alike (rapidfuzz ratio, 0–100) two normalised texts of one speaker must be to be one quote.
SIMILARITY = 95.0
#: How far apart (days) two copies of one quote may be published.
WINDOW_DAYS = 7
#: Texts shorter than this (normalised characters) fold only when identical: "We agree." said
#: twice may be two answers.
MIN_FUZZY_CHARS = 40

_NOISE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Folded:
    """A statement with the near-identical statements of the same speaker folded into it."""

    statement: Statement
    copies: tuple[Statement, ...] = ()

    @property
    def sources(self) -> tuple[Statement, ...]:
        """The statement and every copy, earliest first."""
        return (self.statement, *self.copies)


def normalise(text: str) -> str:
    """The text as compared: casefolded, every run of punctuation, quotes and space one space."""
    return _NOISE.sub(" ", text.casefold()).strip()


def _alike(a: str, b: str, similarity: float) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if min(la, lb) < MIN_FUZZY_CHARS or 200.0 * min(la, lb) / (la + lb) < similarity:
        return False  # too short to tell, or too different in length to reach the ratio
    return fuzz.ratio(a, b, score_cutoff=similarity) >= similarity


@dataclass
class _Open:
    """The groups of one speaker that a later statement can still join: the latest group of each
    normalised text, and the groups long enough to compare fuzzily, by the length of their text
    (each length's in date order; the dated ones older than the window dropped from the front as
    the dates advance)."""

    exact: dict[tuple[bool, str], tuple[int, dt.date | None]]
    long: dict[bool, dict[int, deque[tuple[int, str, dt.date | None]]]]


def _lengths(n: int, similarity: float) -> range:
    """The text lengths that could reach ``similarity`` against a text of ``n`` characters (a
    superset: each is checked as :func:`_alike` checks it). The ratio is at most
    200·min(a, b)/(a + b), however alike the texts."""
    low = int(n * similarity / (200.0 - similarity)) - 1
    high = int(n * (200.0 - similarity) / similarity) + 2 if similarity > 0 else n * 1000
    return range(max(MIN_FUZZY_CHARS, low), high + 1)


def fold(statements: Iterable[Statement], *, similarity: float = SIMILARITY,
         window_days: int = WINDOW_DAYS) -> list[Folded]:
    """The statements with each speaker's near-identical ones folded (see the module docstring),
    in the order of their kept statements (date, document, offset). Statements without a speaker
    are never folded.

    Each statement joins the latest group of its speaker (dated like it, within the window) whose
    text is alike: the same normalised text (found in a dict), or, both long enough, a ratio at
    the threshold (the groups in the window scored at once by rapidfuzz). The work grows with the
    groups in a speaker's window, not with the square of the speaker's statements (it did: a
    country credited with hundreds of statements a day made a 5,000-document store's profiles
    take minutes)."""
    ordered = sorted(statements, key=lambda s: (s.published or dt.date.min, s.doc_id, s.start))
    groups: list[list[Statement]] = []
    open_groups: dict[str, _Open] = {}
    window = dt.timedelta(days=window_days)
    for s in ordered:
        key = actor_key(s)
        if key is None:
            groups.append([s])
            continue
        norm = normalise(s.text)
        dated = s.published is not None
        mine = open_groups.get(key)
        if mine is None:
            mine = open_groups[key] = _Open({}, {False: {}, True: {}})
        target = -1
        same = mine.exact.get((dated, norm))
        if same is not None and (not dated or s.published - same[1] <= window):  # type: ignore[operator]
            target = same[0]
        n = len(norm)
        if n >= MIN_FUZZY_CHARS:
            # only the groups whose texts are of a length that can reach the ratio are scored (a
            # speaker credited with hundreds of statements a week scored them all, each time)
            pool = mine.long[dated]
            candidates = []
            for length in _lengths(n, similarity):
                same_length = pool.get(length)
                if not same_length or 200.0 * min(n, length) / (n + length) < similarity:
                    continue
                if dated:
                    while same_length and s.published - same_length[0][2] > window:  # type: ignore[operator]
                        same_length.popleft()
                candidates.extend(c for c in same_length if c[0] > target)
            if candidates:
                found = process.extract(norm, [c[1] for c in candidates], scorer=fuzz.ratio,
                                        score_cutoff=similarity, limit=None)
                best = max((candidates[i][0] for _, score, i in found if score >= similarity), default=-1)
                target = max(target, best)
        if target < 0:
            groups.append([s])
            gi = len(groups) - 1
            mine.exact[(dated, norm)] = (gi, s.published)
            if n >= MIN_FUZZY_CHARS:
                mine.long[dated].setdefault(n, deque()).append((gi, norm, s.published))
        else:
            groups[target].append(s)
    return [Folded(g[0], tuple(g[1:])) for g in groups]


def folded(statements: Iterable[Statement], *, similarity: float = SIMILARITY,
           window_days: int = WINDOW_DAYS) -> list[Statement]:
    """The statements that stand for themselves: one per quote (see :func:`fold`)."""
    return [f.statement for f in fold(statements, similarity=similarity, window_days=window_days)]
