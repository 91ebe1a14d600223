"""Aggregate queries the dashboard and the briefing need, done in SQL so they stay fast at scale.

Each function takes a :class:`~parley.store.core.Store` and the same filters as
:meth:`Store.statements`; each returns small typed rows (never the statements themselves), so an
overview of 100,000 statements costs one grouped query rather than loading every record.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal_column, select, text

from . import schema
from .core import Store

PERIODS = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """How many statements of a side carry a signal code in one period."""

    period: dt.date  # first day of the period (weeks start on Monday)
    side: str  # "" for statements without a side
    code: str
    count: int


@dataclass(frozen=True, slots=True)
class ActorActivity:
    """A speaker (a registry actor, else the name as written) and how much they said."""

    actor: str  # the actor id when resolved, else the speaker as written
    actor_id: str | None
    speaker: str | None
    side: str | None
    statements: int
    coded: int  # statements carrying at least one (non-negated) signal
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True, slots=True)
class DateRange:
    first: dt.date | None
    last: dt.date | None


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def signal_timeline(store: Store, *, by: str = "week", **filters: Any) -> list[TimelinePoint]:
    """Statements per period, side and signal code (negated signals excluded), oldest first.

    SQL groups by day, side and code (a few thousand rows at most); the days are then folded into
    periods here, so the query is the same on SQLite and PostgreSQL.
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    s, sig = schema.statements, schema.statement_signals
    query = (
        select(s.c.published, s.c.side, sig.c.code, func.count(func.distinct(s.c.id)))
        .join(sig, sig.c.statement_id == s.c.id)
        .where(sig.c.negated == 0, s.c.published.is_not(None), *store._statement_filters(**filters))
        .group_by(s.c.published, s.c.side, sig.c.code)
    )
    cells: dict[tuple[dt.date, str, str], int] = defaultdict(int)
    with store.engine.connect() as conn:
        for published, side, code, n in conn.execute(query):
            day = _day(published)
            if day is None:
                continue
            cells[(_period_start(day, by), side or "", code)] += int(n)
    return [TimelinePoint(p, side, code, n) for (p, side, code), n in sorted(cells.items())]


def signal_facets(store: Store, **filters: Any) -> dict[str, int]:
    """How many statements carry each signal code (negated ones excluded), most first: the same
    figures as :meth:`Store.signal_counts`, without the join when nothing is filtered."""
    if any(v not in (None, "") for v in filters.values()):
        counts = store.signal_counts(**filters)
    else:
        sig = schema.statement_signals
        query = (select(sig.c.code, func.count(func.distinct(sig.c.statement_id)))
                 .where(sig.c.negated == 0).group_by(sig.c.code))
        with store.engine.connect() as conn:
            counts = {code: int(n) for code, n in conn.execute(query)}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def actor_activity(store: Store, *, limit: int | None = 20, **filters: Any) -> list[ActorActivity]:
    """The most active speakers (by statements), grouped by actor id, else by the speaker's name."""
    s, sig = schema.statements, schema.statement_signals
    key = func.coalesce(s.c.actor_id, s.c.speaker)
    coded = (
        select(sig.c.statement_id).where(sig.c.negated == 0).distinct().subquery()
    )
    query = (
        select(
            key.label("actor"),
            func.max(s.c.actor_id).label("actor_id"),
            func.max(s.c.speaker).label("speaker"),
            func.max(s.c.side).label("side"),
            func.count().label("n"),
            func.count(coded.c.statement_id).label("coded"),
            func.min(s.c.published).label("first"),
            func.max(s.c.published).label("last"),
        )
        .select_from(s.outerjoin(coded, coded.c.statement_id == s.c.id))
        .where(key.is_not(None), *store._statement_filters(**filters))
        .group_by(key)
        .order_by(literal_column("n").desc(), key)
    )
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [
            ActorActivity(
                actor=r.actor, actor_id=r.actor_id, speaker=r.speaker, side=r.side, statements=int(r.n),
                coded=int(r.coded), first=_day(r.first), last=_day(r.last),
            )
            for r in conn.execute(query)
        ]


def sides(store: Store, **filters: Any) -> dict[str, int]:
    """Each side with its number of statements, most statements first (statements with no side left out)."""
    s = schema.statements
    query = (
        select(s.c.side, func.count().label("n"))
        .where(s.c.side.is_not(None), *store._statement_filters(**filters))
        .group_by(s.c.side)
        .order_by(literal_column("n").desc(), s.c.side)
    )
    with store.engine.connect() as conn:
        return {side: int(n) for side, n in conn.execute(query)}


def date_range(store: Store, **filters: Any) -> DateRange:
    """The first and last publication dates of the statements matching the filters."""
    s = schema.statements
    query = select(func.min(s.c.published), func.max(s.c.published)).where(*store._statement_filters(**filters))
    with store.engine.connect() as conn:
        first, last = conn.execute(query).one()
    return DateRange(_day(first), _day(last))


#: the tables whose rows make the store's contents (PostgreSQL's change counters are read for them)
STORE_TABLES = [t.name for t in schema.metadata.sorted_tables]


def fingerprint(store: Store) -> tuple:
    """A cheap value that changes whenever the store's contents change (for caches)."""
    s, d, e, r = schema.statements, schema.documents, schema.events, schema.runs
    with store.engine.connect() as conn:
        counts = (
            conn.scalar(select(func.count()).select_from(s)),
            conn.scalar(select(func.count()).select_from(schema.statement_signals)),
            conn.scalar(select(func.count()).select_from(d)),
            conn.scalar(select(func.count()).select_from(e)),
            conn.scalar(select(func.count()).select_from(r)),
            conn.scalar(select(func.max(r.c.finished_at))),
        )
        if store.engine.dialect.name == "postgresql":
            # the rows inserted, updated and deleted in the store's own tables, as PostgreSQL's
            # statistics count them (an update that keeps every count moves them, within about a
            # second of its commit); not the server's write-ahead log position, which every write
            # to any database of the server moves: on a shared server a dashboard emptied its
            # cache every second and computed its heavy analyses again and again
            changed = conn.execute(
                text("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables "
                     "WHERE schemaname = current_schema() AND relname = ANY(:tables)"),
                {"tables": STORE_TABLES},
            ).scalar()
            return (*counts, int(changed))
    # every commit moves the SQLite file's (and its write-ahead log's) size and time
    path = store.engine.url.database
    stamps = []
    if path and path != ":memory:":
        for p in (path, path + "-wal"):
            try:
                st = os.stat(p)
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append(None)
    return (*counts, *stamps)


__all__ = [
    "ActorActivity",
    "DateRange",
    "TimelinePoint",
    "actor_activity",
    "date_range",
    "fingerprint",
    "sides",
    "signal_facets",
    "signal_timeline",
]
