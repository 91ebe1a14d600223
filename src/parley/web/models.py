"""The JSON shapes of the web API (pydantic models): they are the OpenAPI description.

Each model mirrors a record of :mod:`parley.records` or a result of :mod:`parley.analysis`, and is
filled from ``to_dict(record)``, so the API, the CLI's ``--format json`` and the store share one
shape. Unknown keys are ignored, so a field added to a record does not break the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


# ----------------------------------------------------------------------------------- errors
class ErrorDetail(_Model):
    param: str | None = Field(None, description="The query or path parameter at fault, when there is one.")
    message: str


class ErrorBody(_Model):
    """The one shape of every error the web app answers with (HTML pages show the same fields)."""

    ok: Literal[False] = False
    status: int = Field(..., description="The HTTP status code.")
    error: str = Field(..., description="A short machine-readable name: invalid_parameter, not_found, ...")
    message: str = Field(..., description="What went wrong and what to do about it.")
    details: list[ErrorDetail] = Field(default_factory=list)


class ComputingBody(_Model):
    """The answer (status 202, with a ``Retry-After`` header) while the analysis behind a page is
    being computed: once, in the background; the same request asked again later gets the page."""

    ok: Literal[False] = False
    status: Literal[202] = 202
    state: Literal["computing"] = "computing"
    analysis: str = Field(..., description="What is being computed: contradictions, tactics, saydo, overview, ...")
    since: dt.datetime = Field(..., description="When its computation began (UTC).")
    seconds: int = Field(..., description="How long it has been computing.")
    retry_after: int = Field(..., description="Ask again after this many seconds (also the Retry-After header).")
    message: str


# ---------------------------------------------------------------------------------- records
class SpanOut(_Model):
    start: int
    end: int
    text: str


class SignalOut(_Model):
    code: str
    confidence: float
    cues: list[str] = []
    conditional: bool | None = None
    conditions: list[str] = []
    target: str | None = None
    topics: list[str] = []
    negated: bool = False
    coder: str | None = None


class EventCodeOut(_Model):
    plover: str | None = None
    plover_mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad: int | None = None
    cooperation: float | None = None
    confidence: float | None = None
    coder: str | None = None


class CitationOut(_Model):
    """What a reader needs to find a statement: outlet, headline, link (http/https only), date,
    speaker and sentence; the document id and offsets for machines."""

    outlet: str | None = None
    headline: str | None = None
    url: str | None = None
    published: str | None = None
    speaker: str | None = None
    sentence: str
    doc_id: str
    start: int
    end: int


class StatementOut(_Model):
    id: str
    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    actor_id: str | None = None
    side: str | None = None
    mention: str | None = None
    mention_span: SpanOut | None = None
    cue: str | None = None
    cue_span: SpanOut | None = None
    parts: list[SpanOut] = []
    published: str | None = None
    language: str | None = None
    confidence: float = 1.0
    signals: list[SignalOut] = []
    event: EventCodeOut | None = None
    extractor: str | None = None
    citation: CitationOut | None = None


class DocumentOut(_Model):
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    external_id: str | None = None
    metadata: dict[str, Any] = {}
    origin: str | None = None
    reader: str | None = None
    ingested_at: str | None = None
    parley_version: str | None = None


class EventOut(_Model):
    id: str
    date: str
    dataset: str
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    side1: str | None = None
    side2: str | None = None
    country: str | None = None
    location: str | None = None
    fatalities: int | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad: int | None = None
    notes: str | None = None
    origin: str | None = None


class ContradictionOut(_Model):
    rule: str
    explanation: str
    topic: str | None = None
    score: float = 1.0
    a: StatementOut
    b: StatementOut


class RuleOut(_Model):
    name: str
    description: str


# --------------------------------------------------------------------------------- analyses
class SignalRateOut(_Model):
    code: str
    count: int
    rate: float
    low: float
    high: float
    side_rate: float | None = None


class ProfileOut(_Model):
    actor: str
    actor_id: str | None = None
    side: str | None = None
    statements: int
    scored: int
    first: str | None = None
    last: str | None = None
    signals: list[SignalRateOut] = []
    cooperation: float | None = None
    cooperation_low: float | None = None
    cooperation_high: float | None = None
    goldstein: float | None = None
    side_statements: int = 0
    side_cooperation: float | None = None
    difference: float | None = None
    difference_low: float | None = None
    difference_high: float | None = None
    role: str = ""
    evidence: str = ""
    most_conciliatory: list[str] = []
    most_hardline: list[str] = []
    signal_counts: dict[str, int] = {}


class TimelinePointOut(_Model):
    period: str = Field(..., description="First day of the period (weeks start on Monday).")
    side: str = Field(..., description='The side ("" for statements without one).')
    code: str = Field(..., description="Signal code.")
    count: int


class CooperationPointOut(_Model):
    period: str
    side: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    n: int = 0


class FindingOut(_Model):
    """One finding the overview leads with (the briefing's headlines): a sentence, how many
    statements it rests on, and the statements it cites."""

    kind: str = Field(description="shift, signal or role")
    side: str | None = None
    text: str
    statements: int
    evidence: list[StatementOut] = []


class ShiftOut(_Model):
    """A sustained shift of a side's cooperation score (a change point of its trend)."""

    side: str
    date: str
    period: str
    before: float
    after: float
    shift: float
    n_before: int
    n_after: int
    direction: Literal["more cooperative", "more conflictual"]
    statement: StatementOut | None = Field(None, description="The first statement after the shift.")
    evidence: list[StatementOut] = Field(default_factory=list, description="Statements of the side after the shift.")


class ActorActivityOut(_Model):
    actor: str
    actor_id: str | None = None
    speaker: str | None = None
    side: str | None = None
    statements: int
    coded: int
    first: str | None = None
    last: str | None = None


class ActorInfo(_Model):
    id: str
    name: str
    side: str | None = None
    type: str | None = None
    roles: list[str] = []
    in_registry: bool = False


class CeasefireOut(_Model):
    statement: StatementOut
    side: str | None = None
    start: str
    end: str
    window_source: str
    attacks: int
    fatalities: int
    events: list[str] = []
    attacks_before: int
    verdict: str


class SideSeriesOut(_Model):
    side: str
    period: str
    statements: int
    verbal_cooperation: float | None = None
    events: int
    attacks: int
    fatalities: int


# ------------------------------------------------------------------------------------ pages
class Links(_Model):
    self: str
    next: str | None = None
    prev: str | None = None
    html: str | None = None


class StatementFiltersOut(_Model):
    q: str | None = None
    actor: str | None = None
    side: str | None = None
    signal: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None


class Facets(_Model):
    signals: dict[str, int] = {}
    sides: dict[str, int] = {}


class StatementsPage(_Model):
    ok: Literal[True] = True
    filters: StatementFiltersOut
    total: int
    page: int
    per_page: int
    pages: int
    statements: list[StatementOut]
    facets: Facets
    links: Links


class Provenance(_Model):
    source: str | None = None
    url: str | None = None
    published: str | None = None
    ingested_at: str | None = None
    reader: str | None = None
    origin: str | None = None
    parley_version: str | None = Field(None, description="Parley version that ingested the document.")
    extractors: list[str] = Field(default_factory=list, description="Extraction stages (name/version) of its statements.")
    coders: list[str] = Field(default_factory=list, description="Signal coders (name/version) of its statements.")
    runs: list[dict[str, Any]] = Field(default_factory=list, description="The runs that produced its statements.")
    extraction: str | None = Field(None, description='"done", "too_long" (over the per-document budget, so not '
                                   "extracted) or null (not extracted yet).")
    extraction_note: str = Field("not extracted yet", description="The extraction state in words.")


class DocumentPage(_Model):
    ok: Literal[True] = True
    document: DocumentOut
    statements: list[StatementOut]
    provenance: Provenance
    links: Links


class ActorPage(_Model):
    ok: Literal[True] = True
    actor: ActorInfo
    profile: ProfileOut | None = None
    statements_total: int
    statements: list[StatementOut] = Field(default_factory=list, description="The latest statements.")
    signal_mix: dict[str, int] = {}
    timeline: list[TimelinePointOut] = []
    contradictions: list[ContradictionOut] = []
    charts: dict[str, Any] = {}
    links: Links


class ActorsPage(_Model):
    ok: Literal[True] = True
    side: str | None = None
    actors: list[ActorActivityOut]
    links: Links


class ContradictionFiltersOut(_Model):
    side: str | None = None
    actor: str | None = None
    rule: str | None = None
    since: str | None = None
    until: str | None = None
    window_days: int | None = None


class ContradictionsPage(_Model):
    ok: Literal[True] = True
    filters: ContradictionFiltersOut
    total: int
    page: int
    per_page: int
    pages: int
    contradictions: list[ContradictionOut]
    rules: list[RuleOut]
    statements_compared: int
    links: Links


class SayDoFiltersOut(_Model):
    side: str | None = None
    since: str | None = None
    until: str | None = None
    by: str = "week"


class SayDoPage(_Model):
    ok: Literal[True] = True
    filters: SayDoFiltersOut
    ceasefires: list[CeasefireOut]
    series: list[SideSeriesOut]
    correlation: dict[str, float | None]
    events: int
    warning: str | None = Field(None, description="No recorded event covers the period (or part of it): read first.")
    conditional: int = Field(0, description="Ceasefire remarks left out as conditional offers, not declared truces.")
    charts: dict[str, Any] = {}
    links: Links


class TacticOut(_Model):
    """One tactic found (:mod:`parley.analysis.tactics`), with its evidence statements and their citations."""

    pattern: str
    side: str
    summary: str
    strength: str = Field(description="The evidence in numbers: statements, officials, days, interval.")
    statements: int
    officials: list[str] = []
    first: str | None = None
    last: str | None = None
    target: str | None = None
    theatre: str | None = None
    low: float | None = None
    high: float | None = None
    score: float = 0.0
    evidence: list[StatementOut]


class TacticsFiltersOut(_Model):
    side: str | None = None
    theatre: str | None = None
    since: str | None = None
    until: str | None = None


class TacticsPage(_Model):
    ok: Literal[True] = True
    filters: TacticsFiltersOut
    patterns: list[RuleOut]
    findings: list[TacticOut]
    withheld: list[str] = Field([], description="Candidates withheld as too thin, with the reason.")
    statements: int
    warning: str | None = Field(None, description="No recorded event covers the period: no truce is set against deeds.")
    links: Links


class Period(_Model):
    first: str | None = Field(None, description="Date of the first statement in the store.")
    last: str | None = Field(None, description="Date of the last statement in the store.")
    since: str | None = None
    until: str | None = None
    recent_since: str | None = Field(None, description="Start of the recent window (shifts, contradictions).")


class UndatedOut(_Model):
    """What no dated analysis can place: documents and statements undated or dated implausibly
    (before the ``earliest_date`` setting, or in the future); ``parley docs --undated`` lists them."""

    documents: int = 0
    statements: int = 0


class Overview(_Model):
    ok: Literal[True] = True
    stats: dict[str, int]
    period: Period
    side: str | None = None
    sides: dict[str, int]
    timeline: list[TimelinePointOut]
    cooperation: list[CooperationPointOut]
    shifts: list[ShiftOut]
    contradictions: list[ContradictionOut]
    actors: list[ActorActivityOut]
    findings: list[FindingOut] = Field(default_factory=list, description="The recent period's ranked findings.")
    undated: UndatedOut = Field(default_factory=lambda: UndatedOut(),
                                description="Documents and statements without a plausible date: in no dated analysis.")
    charts: dict[str, Any] = {}
    links: Links


class IngestResult(_Model):
    """What ``POST /api/documents`` stored (the counts of ``parley ingest``)."""

    ok: Literal[True] = True
    read: int
    new: int
    duplicate: int
    rejected: int
    statements: int
    run: str | None = None
    documents: list[Links] = Field(default_factory=list, description="The new documents.")
    rejections: list[ErrorDetail] = Field(default_factory=list, description="Inputs refused, with the reason.")
