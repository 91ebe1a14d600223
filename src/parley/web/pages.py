"""What each page shows, as the JSON models of :mod:`parley.web.models`: one function per page,
shared by the HTML views and their JSON twins.

Every function takes the :class:`~parley.api.Parley` the app was created with and calls its verbs
(the same the command line and the briefing call); what is left here is presentation: the models,
pagination, stable addresses and the charts (:mod:`parley.charts`). Pages are cached with the
Parley's results (:meth:`parley.api.Parley.memo`) until the store changes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .. import charts
from ..api import Parley, StatementQuery
from ..api.rows import RULES, TACTICS
from ..api.cache import NO_CACHE, ResultCache
from ..records import Contradiction, Document, Statement, to_dict
from . import models

__all__ = [
    "NO_CACHE",
    "ResultCache",
    "Segment",
    "actor_page",
    "actors_page",
    "contradictions_page",
    "document_page",
    "highlight_segments",
    "inverted",
    "overview",
    "saydo_page",
    "statements_page",
    "url",
]


# ------------------------------------------------------------------------------------ helpers
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def statement_out(s: Statement, p: Parley | None = None) -> models.StatementOut:
    """A statement as the pages show it, with its citation (outlet, headline, link) when ``p`` is given."""
    out = models.StatementOut.model_validate(to_dict(s))
    if p is not None:
        out.citation = models.CitationOut.model_validate(to_dict(p.citation(s)))
    return out


def contradiction_out(c: Contradiction, p: Parley | None = None) -> models.ContradictionOut:
    return models.ContradictionOut(
        rule=c.rule, explanation=c.explanation, topic=c.topic, score=c.score, a=statement_out(c.a, p),
        b=statement_out(c.b, p)
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


def inverted(since: dt.date | None, until: dt.date | None) -> bool:
    """A period whose start is after its end: valid, and empty (the pages say so)."""
    return StatementQuery(since=since, until=until).inverted


def _params(query: StatementQuery) -> dict[str, Any]:
    return {"q": query.q, "actor": query.actor, "side": query.side, "signal": ",".join(query.signals) or None,
            "topic": query.topic, "since": _iso(query.since), "until": _iso(query.until)}


def _timeline_out(points: Sequence[Any]) -> list[models.TimelinePointOut]:
    return [models.TimelinePointOut(period=p.period.isoformat(), side=p.side, code=p.code, count=p.count)
            for p in points]


def _paging(path: str, params: dict[str, Any], page: int, pages: int) -> models.Links:
    return models.Links(
        self=url(path, {**params, "page": page if page > 1 else None}),
        next=url(path, {**params, "page": page + 1}) if page < pages else None,
        prev=url(path, {**params, "page": page - 1 if page > 2 else None}) if page > 1 else None,
    )


# --------------------------------------------------------------------------------- statements
def statements_page(p: Parley, query: StatementQuery, *, page: int = 1, per_page: int = 50,
                    path: str = "/api/statements") -> models.StatementsPage:
    """One page of statements matching the query, newest first, with signal and side facets
    (cached until the store changes: paging through a result does not recount)."""
    return p.memo(("page:statements", query, page, per_page, path),
                  lambda: _statements_page(p, query, page=page, per_page=per_page, path=path))


def _statements_page(p: Parley, query: StatementQuery, *, page: int, per_page: int,
                     path: str) -> models.StatementsPage:
    facets = p.facets(query)
    pages = _pages(facets.total, per_page)
    rows = p.statements(query, limit=per_page, offset=(page - 1) * per_page, newest_first=True)
    params = {**_params(query), "per_page": per_page if per_page != 50 else None}
    return models.StatementsPage(
        filters=models.StatementFiltersOut(**_params(query)),
        total=facets.total,
        page=page,
        per_page=per_page,
        pages=pages,
        statements=[statement_out(s, p) for s in rows],
        facets=models.Facets(signals=dict(facets.signals), sides=dict(facets.sides)),
        links=_paging(path, params, page, pages),
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


def document_page(p: Parley, doc_id: str) -> tuple[models.DocumentPage, Document, list[Statement]]:
    """A document with its statements (in text order) and its provenance."""
    view = p.document(doc_id)
    doc, statements = view.document, list(view.statements)
    prov = models.Provenance(
        source=doc.source, url=doc.url, published=_iso(doc.published),
        ingested_at=doc.ingested_at.isoformat() if doc.ingested_at else None, reader=doc.reader, origin=doc.origin,
        parley_version=doc.parley_version, extractors=view.extractors, coders=view.coders,
        runs=[dict(r) for r in view.runs], extraction=view.extraction, extraction_note=view.extraction_note,
    )
    page = models.DocumentPage(
        document=models.DocumentOut.model_validate(to_dict(doc)),
        statements=[statement_out(s, p) for s in statements],
        provenance=prov,
        links=models.Links(self=f"/api/documents/{doc.id}", html=f"/documents/{doc.id}"),
    )
    return page, doc, statements


# ------------------------------------------------------------------------------ contradictions
def contradictions_page(p: Parley, *, side=None, actor=None, rule=None, since=None, until=None, window_days=None,
                        page: int = 1, per_page: int = 25, path: str = "/api/contradictions") -> models.ContradictionsPage:
    """Pairs of statements that cannot both hold, newest first (``parley contradictions``).

    ``actor`` keeps the pairs in which the actor is one of the two speakers (its reversals and its
    disagreements with its own side)."""
    result = p.contradictions(StatementQuery(side=side, since=since, until=until), window_days=window_days,
                              rules=(rule,) if rule else None, involving=actor)
    found = sorted(result.contradictions, key=lambda c: (c.b.published or dt.date.min, c.a.published or dt.date.min),
                   reverse=True)
    total = len(found)
    pages = _pages(total, per_page)
    chunk = found[(page - 1) * per_page: page * per_page]
    params = {"side": side, "actor": actor, "rule": rule, "since": since, "until": until, "window_days": window_days,
              "per_page": per_page if per_page != 25 else None}
    return models.ContradictionsPage(
        filters=models.ContradictionFiltersOut(side=side, actor=actor, rule=rule, since=_iso(since), until=_iso(until),
                                               window_days=window_days),
        total=total, page=page, per_page=per_page, pages=pages,
        contradictions=[contradiction_out(c, p) for c in chunk],
        rules=[models.RuleOut(name=r.name, description=r.description) for r in RULES],
        statements_compared=result.compared,
        links=_paging(path, params, page, pages),
    )


# ---------------------------------------------------------------------------------- overview
def _shift_out(s: Any, p: Parley | None = None) -> models.ShiftOut:
    return models.ShiftOut(
        side=s.side, date=s.date.isoformat(), period=s.period.isoformat(), before=s.before, after=s.after,
        shift=s.shift, n_before=s.n_before, n_after=s.n_after, direction=s.direction,
        statement=statement_out(s.statement, p) if s.statement else None,
        evidence=[statement_out(e, p) for e in s.evidence],
    )


def overview(p: Parley, *, side=None, since=None, until=None, chart_width: int | str = "container") -> models.Overview:
    """The overview: signals by side over time, recent sustained shifts, latest contradictions and
    the most active actors (:meth:`parley.api.Parley.overview`), with its charts."""

    def compute() -> models.Overview:
        o = p.overview(side=side, since=since, until=until)
        palette = p.palette()
        chart_specs = {}
        names = {code: p.registry.side_name(code) for code in o.sides}
        if o.timeline:
            chart_specs["signals_by_side"] = charts.signals_by_side(o.timeline, palette=palette, names=names)
        if o.cooperation:
            chart_specs["cooperation"] = charts.cooperation_by_side(
                charts.cooperation_rows(o.cooperation), charts.shift_labels(o.shifts), width=chart_width,
                palette=palette, names=names,
            )
        return models.Overview(
            stats=dict(o.stats),
            period=models.Period(first=_iso(o.first), last=_iso(o.last), since=_iso(since), until=_iso(until),
                                 recent_since=_iso(o.recent_since)),
            side=side,
            sides=dict(o.sides),
            timeline=_timeline_out(o.timeline),
            cooperation=[models.CooperationPointOut(period=c.period.isoformat(), side=c.side, value=c.value, low=c.low,
                                                    high=c.high, n=c.n) for c in o.cooperation],
            shifts=[_shift_out(s, p) for s in o.shifts[:8]],
            contradictions=[contradiction_out(c, p) for c in o.contradictions],
            actors=[models.ActorActivityOut.model_validate(to_dict(a)) for a in o.actors],
            undated=models.UndatedOut(documents=o.undated_documents, statements=o.undated_statements),
            findings=[models.FindingOut(kind=f.kind, side=f.side, text=f.text, statements=f.statements,
                                        evidence=[statement_out(s, p) for s in f.evidence]) for f in o.findings],
            charts=chart_specs,
            links=models.Links(self=url("/api/overview", {"side": side, "since": since, "until": until}),
                               html=url("/", {"side": side, "since": since, "until": until})),
        )

    return p.memo(("page:overview", side, since, until, chart_width), compute)


# ------------------------------------------------------------------------------------ actors
def actor_page(p: Parley, actor: str, *, since=None, until=None, chart_width: int | str = "container") -> models.ActorPage:
    """An actor's record (:meth:`parley.api.Parley.actor`): profile, timeline, signal mix,
    contradictions, with its charts."""

    def compute() -> models.ActorPage:
        r = p.actor(actor, since=since, until=until)
        info = r.info
        chart_specs = {}
        if r.timeline:
            chart_specs["timeline"] = charts.actor_timeline(r.timeline, width=chart_width)
        if r.signal_mix:
            chart_specs["signal_mix"] = charts.signal_mix(r.signal_mix, side=info.side, width=chart_width,
                                                          palette=p.palette())
        return models.ActorPage(
            actor=models.ActorInfo(id=info.id, name=info.name, side=info.side, type=info.type, roles=list(info.roles),
                                   in_registry=info.in_registry),
            profile=models.ProfileOut.model_validate(to_dict(r.profile)) if r.profile else None,
            statements_total=r.total,
            statements=[statement_out(s, p) for s in r.latest],
            signal_mix=dict(r.signal_mix),
            timeline=_timeline_out(r.timeline),
            contradictions=[contradiction_out(c, p) for c in r.contradictions],
            charts=chart_specs,
            links=models.Links(self=url(f"/api/actors/{quote(actor, safe='')}", {"since": since, "until": until}),
                               html=url(f"/actors/{quote(actor, safe='')}", {"since": since, "until": until})),
        )

    return p.memo(("page:actor", actor, since, until, chart_width), compute)


def actors_page(p: Parley, *, side=None, since=None, until=None, limit: int = 100) -> models.ActorsPage:
    """The most active speakers (cached until the store changes: one grouped query over every statement)."""

    def compute() -> models.ActorsPage:
        rows = p.actor_activity(StatementQuery(side=side, since=since, until=until), limit=limit)
        return models.ActorsPage(
            side=side, actors=[models.ActorActivityOut.model_validate(to_dict(a)) for a in rows],
            links=models.Links(self=url("/api/actors", {"side": side, "since": since, "until": until}),
                               html=url("/actors", {"side": side, "since": since, "until": until})),
        )

    return p.memo(("page:actors", side, since, until, limit), compute)


# ------------------------------------------------------------------------------------- saydo
def _ceasefire_out(c: Any, p: Parley) -> models.CeasefireOut:
    out = models.CeasefireOut.model_validate(to_dict(c))
    out.statement = statement_out(c.statement, p)
    return out


def tactics_page(p: Parley, *, side=None, theatre=None, since=None, until=None) -> models.TacticsPage:
    """The negotiating tactics (:meth:`parley.api.Parley.tactics`), each with its evidence statements cited."""

    def compute() -> models.TacticsPage:
        found = p.tactics(StatementQuery.of(side=side, theatre=theatre, since=since, until=until))
        params = {"side": side, "theatre": theatre, "since": since, "until": until}
        return models.TacticsPage(
            filters=models.TacticsFiltersOut(side=side, theatre=theatre, since=_iso(since), until=_iso(until)),
            patterns=[models.RuleOut(name=n, description=d) for n, d in TACTICS],
            findings=[models.TacticOut.model_validate({**{k: v for k, v in to_dict(t).items() if k != "evidence"},
                                                       "evidence": [statement_out(s, p) for s in t.evidence]})
                      for t in found.findings],
            withheld=list(found.withheld), statements=found.statements, warning=found.warning,
            links=models.Links(self=url("/api/tactics", params), html=url("/tactics", params)),
        )

    return p.memo(("page:tactics", side, theatre, since, until), compute)


def saydo_page(p: Parley, *, side=None, since=None, until=None, by: str = "week",
               chart_width: int = 560) -> models.SayDoPage:
    """Words against deeds (:meth:`parley.api.Parley.saydo`): declared ceasefires against recorded
    attacks, and each side's verbal cooperation against its material conflict per period."""

    def compute() -> models.SayDoPage:
        found = p.saydo(StatementQuery(side=side, since=since, until=until), by=by)
        result = found.saydo
        chart_specs = {}
        if result.series:
            chart_specs["saydo"] = charts.saydo_chart(result.series, result.ceasefires, by=by, width=chart_width,
                                                      palette=p.palette())
        return models.SayDoPage(
            filters=models.SayDoFiltersOut(side=side, since=_iso(since), until=_iso(until), by=by),
            ceasefires=[_ceasefire_out(c, p) for c in result.ceasefires],
            series=[models.SideSeriesOut.model_validate(to_dict(x)) for x in result.series],
            correlation=dict(result.correlation),
            events=found.events,
            warning=result.warning,
            conditional=result.conditional,
            charts=chart_specs,
            links=models.Links(self=url("/api/saydo", {"side": side, "since": since, "until": until, "by": by}),
                               html=url("/saydo", {"side": side, "since": since, "until": until, "by": by})),
        )

    return p.memo(("page:saydo", side, since, until, by, chart_width), compute)
