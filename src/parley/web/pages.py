"""What each page shows, as data: one function per page, shared by the HTML views, their JSON twins
and the briefing report.

Every function takes the store and validated filters, calls the same library functions as the CLI
(:meth:`Store.statements`, :func:`~parley.analysis.contradictions.find_contradictions`,
:func:`~parley.analysis.profiles.profile`, :func:`~parley.analysis.trends.trends`,
:func:`~parley.analysis.deeds.saydo`, the aggregate queries of :mod:`parley.store.queries`) and
returns a model of :mod:`parley.web.models`. Analyses over many statements are cached until the
store changes (see :class:`ResultCache`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import ConfigError, NotFound, ParleyError
from ..records import Contradiction, Document, Statement, to_dict
from ..store import queries
from . import charts, models

#: Days before the last statement that count as "recent" on the overview (shifts, contradictions).
RECENT_DAYS = 180
#: Sides followed on the overview's shifts (the ones with the most statements).
MAX_SIDES = 6
#: Days of events read beyond the statements' period on either side (a ceasefire window may reach out).
EVENT_PAD_DAYS = 60


# ------------------------------------------------------------------------------------ caching
class ResultCache:
    """A small LRU cache of analysis results, emptied whenever the store's contents change."""

    def __init__(self, size: int = 64, recheck_seconds: float = 1.0):
        self.size = size
        self.recheck_seconds = recheck_seconds
        self._checked = 0.0
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._stamp: tuple | None = None

    def get(self, store, key: tuple, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        if now - self._checked >= self.recheck_seconds:  # the store is re-fingerprinted at most this often
            stamp = queries.fingerprint(store)
            with self._lock:
                self._checked = now
                if stamp != self._stamp:
                    self._data.clear()
                    self._stamp = stamp
        key = (id(store), *key)
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


class _NoCache(ResultCache):
    def get(self, store, key, compute):
        return compute()


NO_CACHE = _NoCache()


# ------------------------------------------------------------------------------------ helpers
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def statement_out(s: Statement) -> models.StatementOut:
    return models.StatementOut.model_validate(to_dict(s))


def contradiction_out(c: Contradiction) -> models.ContradictionOut:
    return models.ContradictionOut(
        rule=c.rule, explanation=c.explanation, topic=c.topic, score=c.score, a=statement_out(c.a), b=statement_out(c.b)
    )


def _clean(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v not in (None, "")}


def url(path: str, params: dict[str, Any] | None = None) -> str:
    """A stable address: the path with its non-empty parameters in a fixed order."""
    params = _clean(params or {})
    return path + ("?" + urlencode({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items()})
                   if params else "")


def _pages(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page)) if per_page else 1


def shift_day(day: dt.date | None, days: int) -> dt.date | None:
    """``day`` moved by ``days``, held within the calendar (year 1 to 9999)."""
    if day is None:
        return None
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def inverted(since: dt.date | None, until: dt.date | None) -> bool:
    """A period whose start is after its end: valid, and empty (the pages say so)."""
    return bool(since and until and since > until)


def registry_for(store) -> Any:
    """The actor registry in force for ``store``, or None when it cannot be loaded."""
    try:
        from ..pipeline import registry_for as _registry_for

        return _registry_for(store)
    except Exception:  # noqa: BLE001 - the pages work without it (names and sides come from statements)
        return None


def palette(store, cache: ResultCache = NO_CACHE) -> dict[str, str]:
    """Each side's colour in this store (the sides with most statements take the most distinct
    colours), the same on every chart and badge."""
    return cache.get(store, ("palette",), lambda: charts.assign_colours(queries.sides(store)))


# --------------------------------------------------------------------------------- statements
@dataclass(frozen=True, slots=True)
class StatementFilters:
    q: str | None = None
    actor: str | None = None
    side: str | None = None
    signal: str | None = None
    topic: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def store_filters(self) -> dict[str, Any]:
        return _clean({"q": self.q, "actor": self.actor, "side": self.side, "signal": self.signal,
                       "topic": self.topic, "since": self.since, "until": self.until})

    def params(self) -> dict[str, Any]:
        return {"q": self.q, "actor": self.actor, "side": self.side, "signal": self.signal, "topic": self.topic,
                "since": _iso(self.since), "until": _iso(self.until)}


def statements_page(store, f: StatementFilters, *, page: int = 1, per_page: int = 50,
                    path: str = "/api/statements", cache: ResultCache = NO_CACHE) -> models.StatementsPage:
    """One page of statements matching the filters, newest first, with signal and side facets
    (the facets are cached until the store changes: paging through a result does not recount)."""
    filters = f.store_filters()
    key = tuple(sorted(filters.items()))
    total, signal_facets, side_facets = cache.get(store, ("facets", key), lambda: (
        store.count_statements(**filters), queries.signal_facets(store, **filters), queries.sides(store, **filters)))
    pages = _pages(total, per_page)
    rows = store.statements(limit=per_page, offset=(page - 1) * per_page, order="-published", **filters)
    params = {**f.params(), "per_page": per_page if per_page != 50 else None}
    return models.StatementsPage(
        filters=models.StatementFiltersOut(**f.params()),
        total=total,
        page=page,
        per_page=per_page,
        pages=pages,
        statements=[statement_out(s) for s in rows],
        facets=models.Facets(signals=signal_facets, sides=side_facets),
        links=models.Links(
            self=url(path, {**params, "page": page if page > 1 else None}),
            next=url(path, {**params, "page": page + 1}) if page < pages else None,
            prev=url(path, {**params, "page": page - 1 if page > 2 else None}) if page > 1 else None,
        ),
    )


# ---------------------------------------------------------------------------------- documents
@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a document's text with the same marks: which statements cover it, and whether it
    is a speaker mention, a reporting cue (``said``) or a signal cue word."""

    text: str
    start: int
    statements: tuple[int, ...] = ()  # indexes into the page's statement list
    mention: bool = False
    cue: bool = False
    signal_cue: bool = False
    first_of: tuple[int, ...] = ()  # statements that begin here (for their numbered marker)


def _cue_spans(s: Statement) -> list[tuple[int, int]]:
    """Where each signal's cue words occur inside the statement (case-insensitive), in document offsets."""
    out = []
    low = s.text.casefold()
    for sig in s.signals:
        for cue in sig.cues:
            c = cue.strip().casefold()
            if not c:
                continue
            i = low.find(c)
            while i >= 0:
                out.append((s.start + i, s.start + i + len(c)))
                i = low.find(c, i + len(c))
    return out


def highlight_segments(doc: Document, statements: Sequence[Statement]) -> list[Segment]:
    """Cut the text at every boundary of a statement, mention, reporting cue or signal cue, so each
    segment can be marked up on its own (overlaps nest correctly; the text is never altered)."""
    text = doc.text
    n = len(text)
    cuts = {0, n}
    stmt_spans: list[tuple[int, int, int]] = []
    mentions: list[tuple[int, int]] = []
    cues: list[tuple[int, int]] = []
    sig_cues: list[tuple[int, int]] = []

    def ok(a: int, b: int) -> bool:
        return 0 <= a < b <= n

    for i, s in enumerate(statements):
        spans = [(p.start, p.end) for p in s.parts] or [(s.start, s.end)]
        for a, b in spans:
            if ok(a, b):
                stmt_spans.append((a, b, i))
                cuts.update((a, b))
        if s.mention_span and ok(s.mention_span.start, s.mention_span.end):
            mentions.append((s.mention_span.start, s.mention_span.end))
        if s.cue_span and ok(s.cue_span.start, s.cue_span.end):
            cues.append((s.cue_span.start, s.cue_span.end))
        sig_cues.extend((a, b) for a, b in _cue_spans(s) if ok(a, b))
    for a, b in mentions + cues + sig_cues:
        cuts.update((a, b))
    bounds = sorted(cuts)
    first_at: dict[int, list[int]] = {}
    for i, s in enumerate(statements):
        start = min((p.start for p in s.parts), default=s.start)
        first_at.setdefault(start, []).append(i)
    segments = []
    for a, b in itertools.pairwise(bounds):
        if a >= b:
            continue
        covering = tuple(sorted({i for sa, sb, i in stmt_spans if sa <= a and b <= sb}))
        segments.append(Segment(
            text=text[a:b], start=a, statements=covering,
            mention=any(x <= a and b <= y for x, y in mentions),
            cue=any(x <= a and b <= y for x, y in cues),
            signal_cue=any(x <= a and b <= y for x, y in sig_cues),
            first_of=tuple(first_at.get(a, ())),
        ))
    return segments


def _runs_of(store, doc_id: str) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from ..store import schema

    s, r = schema.statements, schema.runs
    with store.engine.connect() as conn:
        ids = [x for x in conn.scalars(select(s.c.run_id).where(s.c.doc_id == doc_id).distinct()) if x]
        if not ids:
            return []
        rows = conn.execute(select(r.c.id, r.c.command, r.c.started_at, r.c.finished_at, r.c.parley_version)
                            .where(r.c.id.in_(ids)).order_by(r.c.started_at))
        return [dict(x._mapping) for x in rows]


def document_page(store, doc_id: str) -> tuple[models.DocumentPage, Document, list[Statement]]:
    """A document with its statements (in text order) and its provenance."""
    doc = store.get_document(doc_id)
    statements = sorted(store.statements(doc_id=doc.id), key=lambda s: (s.start, s.end))
    prov = models.Provenance(
        source=doc.source, url=doc.url, published=_iso(doc.published),
        ingested_at=doc.ingested_at.isoformat() if doc.ingested_at else None, reader=doc.reader, origin=doc.origin,
        parley_version=doc.parley_version,
        extractors=sorted({s.extractor for s in statements if s.extractor}),
        coders=sorted({g.coder for s in statements for g in s.signals if g.coder}
                      | {s.event.coder for s in statements if s.event and s.event.coder}),
        runs=_runs_of(store, doc.id),
    )
    page = models.DocumentPage(
        document=models.DocumentOut.model_validate(to_dict(doc)),
        statements=[statement_out(s) for s in statements],
        provenance=prov,
        links=models.Links(self=f"/api/documents/{doc.id}", html=f"/documents/{doc.id}"),
    )
    return page, doc, statements


# ------------------------------------------------------------------------------ contradictions
def _contradictions(store, cache: ResultCache, *, side=None, since=None, until=None, window_days=None,
                    rules: tuple[str, ...] | None = None, registry=None) -> tuple[list[Contradiction], int]:
    from ..analysis.contradictions import find_contradictions

    def compute():
        statements = store.statements(**_clean({"side": side, "since": since, "until": until}))
        found = find_contradictions(statements, window_days=window_days, registry=registry, rules=rules)
        return found, len(statements)

    return cache.get(store, ("contradictions", side, since, until, window_days, rules), compute)


def _involves(c: Contradiction, actor: str) -> bool:
    a = actor.casefold()
    return any((s.actor_id or "").casefold() == a or (s.speaker or "").casefold() == a for s in (c.a, c.b))


def contradictions_page(store, *, side=None, actor=None, rule=None, since=None, until=None, window_days=None,
                        page: int = 1, per_page: int = 25, cache: ResultCache = NO_CACHE,
                        registry=None, path: str = "/api/contradictions") -> models.ContradictionsPage:
    """Pairs of statements that cannot both hold, newest first (see ``parley contradictions``).

    ``actor`` keeps the pairs in which the actor is one of the two speakers (its reversals and its
    disagreements with its own side)."""
    from ..analysis.contradictions import RULE_NAMES, RULES

    if rule and rule not in RULE_NAMES:
        raise ConfigError(f"{rule!r} is not a contradiction rule; known rules: {', '.join(RULE_NAMES)}")
    if window_days is not None and not 0 <= window_days <= 3660:
        raise ConfigError(f"window_days must be between 0 and 3660, not {window_days}")
    found, compared = _contradictions(store, cache, side=side, since=since, until=until, window_days=window_days,
                                      rules=(rule,) if rule else None, registry=registry)
    if actor:
        found = [c for c in found if _involves(c, actor)]
    found = sorted(found, key=lambda c: (c.b.published or dt.date.min, c.a.published or dt.date.min), reverse=True)
    total = len(found)
    pages = _pages(total, per_page)
    chunk = found[(page - 1) * per_page: page * per_page]
    params = {"side": side, "actor": actor, "rule": rule, "since": since, "until": until, "window_days": window_days,
              "per_page": per_page if per_page != 25 else None}
    return models.ContradictionsPage(
        filters=models.ContradictionFiltersOut(side=side, actor=actor, rule=rule, since=_iso(since), until=_iso(until),
                                               window_days=window_days),
        total=total, page=page, per_page=per_page, pages=pages,
        contradictions=[contradiction_out(c) for c in chunk],
        rules=[models.RuleOut(name=r.name, description=r.description) for r in RULES],
        statements_compared=compared,
        links=models.Links(
            self=url(path, {**params, "page": page if page > 1 else None}),
            next=url(path, {**params, "page": page + 1}) if page < pages else None,
            prev=url(path, {**params, "page": page - 1 if page > 2 else None}) if page > 1 else None,
        ),
    )


# ---------------------------------------------------------------------------------- trends
def side_trends(store, sides: Iterable[str], *, since=None, until=None, by: str = "week",
                cache: ResultCache = NO_CACHE) -> tuple[list[models.ShiftOut], list[models.CooperationPointOut]]:
    """Each side's cooperation trend (``parley trends --side``): its sustained shifts, newest first,
    with the statements they rest on, and its per-period scores for the chart."""
    from ..analysis._scores import statement_score
    from ..analysis.trends import trends

    sides = tuple(sides)

    def compute():
        shifts: list[models.ShiftOut] = []
        points: list[models.CooperationPointOut] = []
        for side in sides:
            statements = store.statements(**_clean({"side": side, "since": since, "until": until}))
            try:
                t = trends(statements, by=by, side=side)
            except NotFound:
                continue
            points += [
                models.CooperationPointOut(period=p.period.isoformat(), side=side, value=p.score, low=p.score_low,
                                           high=p.score_high, n=p.statements)
                for p in t.points
            ]
            by_id = {s.id: s for s in statements}
            for c in t.change_points:
                up = c.shift > 0
                after = [s for s in statements if s.published and c.date <= s.published <= c.date + dt.timedelta(days=21)]
                scored = [(s, statement_score(s)) for s in after]
                scored = [(s, v) for s, v in scored if v is not None and (v > c.before if up else v < c.before)]
                scored.sort(key=lambda sv: -sv[1] if up else sv[1])
                first = by_id.get(c.statement_id)
                evidence = [s for s, _ in scored if s.id != c.statement_id][:3]
                shifts.append(models.ShiftOut(
                    side=side, date=c.date.isoformat(), period=c.period.isoformat(), before=c.before, after=c.after,
                    shift=c.shift, n_before=c.n_before, n_after=c.n_after,
                    direction="more cooperative" if up else "more conflictual",
                    statement=statement_out(first) if first else None,
                    evidence=[statement_out(s) for s in evidence],
                ))
        shifts.sort(key=lambda s: (s.date, abs(s.shift)), reverse=True)
        return shifts, points

    return cache.get(store, ("trends", sides, since, until, by), compute)


# ---------------------------------------------------------------------------------- overview
def overview(store, *, side=None, since=None, until=None, cache: ResultCache = NO_CACHE,
             registry=None, chart_width: int | str = "container") -> models.Overview:
    """The overview: signals by side over time, recent sustained shifts, latest contradictions and
    the most active actors."""
    span = queries.date_range(store)
    filters = _clean({"side": side, "since": since, "until": until})
    timeline = queries.signal_timeline(store, by="week", **filters)
    last = until or span.last
    recent_since = since or shift_day(last, -RECENT_DAYS)
    if span.first and recent_since and recent_since < span.first:
        recent_since = span.first
    side_counts = queries.sides(store, **filters)
    followed = [side] if side else list(side_counts)[:MAX_SIDES]
    shifts, coop = side_trends(store, followed, since=recent_since, until=until, cache=cache)
    found, _ = _contradictions(store, cache, side=side, since=recent_since, until=until, registry=registry)
    latest = sorted(found, key=lambda c: (c.b.published or dt.date.min, c.a.published or dt.date.min), reverse=True)[:6]
    actors = queries.actor_activity(store, limit=12, **filters)
    chart_specs = {}
    if timeline:
        chart_specs["signals_by_side"] = charts.signals_by_side(timeline, palette=palette(store, cache))
    if coop:
        chart_specs["cooperation"] = charts.cooperation_by_side(
            [p.model_dump() for p in coop],
            [{"period": s.period, "side": s.side, "label": f"{s.before:+.1f} → {s.after:+.1f}"} for s in shifts],
            width=chart_width, palette=palette(store, cache),
        )
    return models.Overview(
        stats=store.stats(),
        period=models.Period(first=_iso(span.first), last=_iso(span.last), since=_iso(since), until=_iso(until),
                             recent_since=_iso(recent_since)),
        side=side,
        sides=side_counts,
        timeline=[models.TimelinePointOut(period=p.period.isoformat(), side=p.side, code=p.code, count=p.count)
                  for p in timeline],
        cooperation=coop,
        shifts=shifts[:8],
        contradictions=[contradiction_out(c) for c in latest],
        actors=[models.ActorActivityOut.model_validate(to_dict(a)) for a in actors],
        charts=chart_specs,
        links=models.Links(self=url("/api/overview", {"side": side, "since": since, "until": until}),
                           html=url("/", {"side": side, "since": since, "until": until})),
    )


# ------------------------------------------------------------------------------------ actors
def actor_info(store, actor: str, statements: Sequence[Statement], registry=None) -> models.ActorInfo:
    reg_actor = None
    if registry is not None:
        try:
            reg_actor = registry.get(actor)
        except Exception:  # noqa: BLE001 - an unknown id is not an error here
            reg_actor = None
    if reg_actor is not None:
        return models.ActorInfo(
            id=reg_actor.id, name=reg_actor.name, side=reg_actor.side, type=reg_actor.type,
            roles=[r.title + (f" ({_iso(r.start) or '…'} – {_iso(r.end) or 'now'})" if r.start or r.end else "")
                   for r in reg_actor.roles],
            in_registry=True,
        )
    names = [s.speaker for s in statements if s.speaker]
    sides = [s.side for s in statements if s.side]
    name = max(set(names), key=names.count) if names else actor
    return models.ActorInfo(id=actor, name=name, side=max(set(sides), key=sides.count) if sides else None)


def actor_page(store, actor: str, *, since=None, until=None, cache: ResultCache = NO_CACHE, registry=None,
               chart_width: int | str = "container") -> models.ActorPage:
    """An actor's record: profile (``parley profile``), timeline, signal mix, contradictions."""
    from ..analysis.profiles import profile

    filters = _clean({"actor": actor, "since": since, "until": until})
    total = store.count_statements(**filters)
    if total == 0:
        raise NotFound(f"no statements by {actor!r}; see the most active actors at /actors")
    latest = store.statements(limit=20, order="-published", **filters)
    info = actor_info(store, actor, latest, registry)
    side = info.side

    def compute_profile():
        pool = store.statements(**_clean({"side": side, "since": since, "until": until})) if side else []
        mine = store.statements(**filters)
        ids = {s.id for s in pool}
        pool = pool + [s for s in mine if s.id not in ids]
        key = mine[0].actor_id or mine[0].speaker or actor
        try:
            return profile(key, pool, registry=registry)
        except ParleyError:
            return None

    prof = cache.get(store, ("profile", actor, since, until), compute_profile)
    timeline = queries.signal_timeline(store, by="week", **filters)
    mix = dict(sorted(store.signal_counts(**filters).items(), key=lambda kv: (-kv[1], kv[0])))
    found: list[Contradiction] = []
    if side:
        found, _ = _contradictions(store, cache, side=side, since=since, until=until, registry=registry)
        found = [c for c in found if _involves(c, actor) or _involves(c, info.name)]
    chart_specs = {}
    if timeline:
        chart_specs["timeline"] = charts.actor_timeline(timeline, width=chart_width)
    if mix:
        chart_specs["signal_mix"] = charts.signal_mix(mix, side=side, width=chart_width, palette=palette(store, cache))
    return models.ActorPage(
        actor=info,
        profile=models.ProfileOut.model_validate(to_dict(prof)) if prof else None,
        statements_total=total,
        statements=[statement_out(s) for s in latest],
        signal_mix=mix,
        timeline=[models.TimelinePointOut(period=p.period.isoformat(), side=p.side, code=p.code, count=p.count)
                  for p in timeline],
        contradictions=[contradiction_out(c) for c in sorted(found, key=lambda c: c.b.published or dt.date.min,
                                                              reverse=True)],
        charts=chart_specs,
        links=models.Links(self=url(f"/api/actors/{quote(actor, safe='')}", {"since": since, "until": until}),
                           html=url(f"/actors/{quote(actor, safe='')}", {"since": since, "until": until})),
    )


def actors_page(store, *, side=None, since=None, until=None, limit: int = 100) -> models.ActorsPage:
    rows = queries.actor_activity(store, limit=limit, **_clean({"side": side, "since": since, "until": until}))
    return models.ActorsPage(
        side=side, actors=[models.ActorActivityOut.model_validate(to_dict(a)) for a in rows],
        links=models.Links(self=url("/api/actors", {"side": side, "since": since, "until": until}),
                           html=url("/actors", {"side": side, "since": since, "until": until})),
    )


# ------------------------------------------------------------------------------------- saydo
def saydo_page(store, *, side=None, since=None, until=None, by: str = "week", cache: ResultCache = NO_CACHE,
               chart_width: int = 560) -> models.SayDoPage:
    """Words against deeds (``parley saydo``): declared ceasefires against recorded attacks, and
    each side's verbal cooperation against its material conflict per period."""
    from ..analysis.deeds import saydo


    def compute():
        statements = store.statements(**_clean({"side": side, "since": since, "until": until}))
        events = store.events(side=side, since=shift_day(since, -EVENT_PAD_DAYS), until=shift_day(until, EVENT_PAD_DAYS))
        return saydo(statements, events, by=by, side=side), len(events)

    result, n_events = cache.get(store, ("saydo", side, since, until, by), compute)
    chart_specs = {}
    if result.series:
        chart_specs["saydo"] = charts.saydo_chart(result.series, result.ceasefires, by=by, width=chart_width,
                                                  palette=palette(store, cache))
    return models.SayDoPage(
        filters=models.SayDoFiltersOut(side=side, since=_iso(since), until=_iso(until), by=by),
        ceasefires=[models.CeasefireOut.model_validate(to_dict(c)) for c in result.ceasefires],
        series=[models.SideSeriesOut.model_validate(to_dict(p)) for p in result.series],
        correlation=dict(result.correlation),
        events=n_events,
        charts=chart_specs,
        links=models.Links(self=url("/api/saydo", {"side": side, "since": since, "until": until, "by": by}),
                           html=url("/saydo", {"side": side, "since": since, "until": until, "by": by})),
    )
