"""The records :class:`parley.api.Parley` returns besides the stages' own (``Statement``,
``Contradiction``, ``ActorProfile``, ``Trend``, ``SayDo``...): typed and frozen, so the command
line, the dashboard and the briefing read the same values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..records import Contradiction, Document, Rejection, Statement

if TYPE_CHECKING:  # annotations only: the analyses and the store load when a verb needs them
    from ..analysis.deeds import SayDo
    from ..analysis.profiles import ActorProfile
    from ..store.queries import ActorActivity, TimelinePoint


@dataclass
class IngestSummary:
    """Counts of one ingestion run, and the rejections, each with its reason."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    statements: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    run_id: str | None = None
    workers: int = 1
    #: seconds starting the engine (a local Dask cluster), then reading, extracting and writing
    startup_seconds: float = 0.0
    seconds: float = 0.0
    #: the peak resident memory of each process that extracted, in MB, by process id
    worker_peak_mb: dict[int, float] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "statements": self.statements,
        }


@dataclass(frozen=True, slots=True)
class StatementExport:
    """What exporting statements wrote: the folder, the format, how many, the months."""

    folder: str
    format: str
    statements: int
    months: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtractRun:
    """What re-extracting the stored documents did."""

    run: str
    documents: int
    statements: int
    failed: int


@dataclass(frozen=True, slots=True)
class EventImport:
    """What importing event files did: events read, new, already stored, rows rejected."""

    read: int
    new: int
    duplicate: int
    rejections: tuple[Rejection, ...]
    sides: tuple[str, ...]

    @property
    def rejected(self) -> int:
        return len(self.rejections)


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document with its statements (in text order) and the runs that produced them."""

    document: Document
    statements: tuple[Statement, ...]
    runs: tuple[Mapping[str, Any], ...]
    #: "done", "too_long" (over the per-document budget: not extracted), "failed", or None (not read yet)
    extraction: str | None = None

    @property
    def extraction_note(self) -> str:
        """The extraction state in words ("not extracted: too long")."""
        return {"done": "extracted", "too_long": "not extracted: too long",
                "failed": "extraction failed"}.get(self.extraction or "", "not extracted yet")

    @property
    def extractors(self) -> list[str]:
        return sorted({s.extractor for s in self.statements if s.extractor})

    @property
    def coders(self) -> list[str]:
        return sorted({g.coder for s in self.statements for g in s.signals if g.coder}
                      | {s.event.coder for s in self.statements if s.event and s.event.coder})


@dataclass(frozen=True, slots=True)
class StatementFacets:
    """How many statements match a query, and how they spread over signal codes and sides."""

    total: int
    signals: Mapping[str, int]
    sides: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ContradictionsResult:
    """Pairs of statements that cannot both hold, in the finder's order, with the window used and
    how many statements were compared."""

    contradictions: tuple[Contradiction, ...]
    compared: int
    window_days: int


@dataclass(frozen=True, slots=True)
class SourceCitation:
    """What a reader needs to find a statement: the outlet, the headline, a link (http/https only),
    the date, the speaker and the sentence; the document id and offsets for machines."""

    outlet: str | None
    headline: str | None
    url: str | None
    published: str | None
    speaker: str | None
    sentence: str
    doc_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CooperationPoint:
    """A side's mean cooperation score in one period, with its bootstrap interval."""

    period: dt.date
    side: str
    value: float | None
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True, slots=True)
class Shift:
    """A side's sustained shift of its cooperation score, with the statement it starts from and
    the statements after it that moved furthest in its direction (the evidence)."""

    side: str
    date: dt.date
    period: dt.date
    before: float
    after: float
    shift: float
    n_before: int
    n_after: int
    low: float | None  # the interval on ``shift``, at the level split over ``tests`` (periods × sides)
    high: float | None
    tests: int
    statement: Statement | None
    evidence: tuple[Statement, ...]

    @property
    def direction(self) -> str:
        return "more cooperative" if self.shift > 0 else "more conflictual"


@dataclass(frozen=True, slots=True)
class SideTrends:
    """Each followed side's sustained shifts (newest first) and per-period cooperation scores."""

    shifts: tuple[Shift, ...]
    points: tuple[CooperationPoint, ...]


@dataclass(frozen=True, slots=True)
class SayDoResult:
    """Words against deeds for a query, and how many recorded events were read for it."""

    saydo: SayDo
    events: int


@dataclass(frozen=True, slots=True)
class TacticsResult:
    """The tactics found among a query's statements (:mod:`parley.analysis.tactics`), the candidates
    withheld as too thin, how many statements were read, and what the reader must know first (no
    recorded event: no truce can be set against deeds)."""

    findings: tuple[Any, ...]
    withheld: tuple[str, ...]
    statements: int
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    """The overview: signals by side over time, recent sustained shifts, latest contradictions and
    the most active actors."""

    stats: Mapping[str, int]
    first: dt.date | None
    last: dt.date | None
    side: str | None
    since: dt.date | None
    until: dt.date | None
    recent_since: dt.date | None
    sides: Mapping[str, int]
    timeline: tuple[TimelinePoint, ...]
    cooperation: tuple[CooperationPoint, ...]
    shifts: tuple[Shift, ...]
    contradictions: tuple[Contradiction, ...]
    actors: tuple[ActorActivity, ...]
    #: documents and statements without a plausible date (in no dated analysis; ``parley docs --undated``)
    undated_documents: int = 0
    undated_statements: int = 0
    #: the recent period's ranked findings (parley.api.briefing.Finding), as the briefing leads with
    findings: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """Who an actor is: from the registry when it is there, else from its statements."""

    id: str
    name: str
    side: str | None
    type: str | None = None
    roles: tuple[str, ...] = ()
    in_registry: bool = False


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor's record: who, profile, latest statements, signal mix, timeline, contradictions."""

    info: ActorInfo
    profile: ActorProfile | None
    total: int
    latest: tuple[Statement, ...]
    signal_mix: Mapping[str, int]
    timeline: tuple[TimelinePoint, ...]
    contradictions: tuple[Contradiction, ...]


@dataclass(frozen=True, slots=True)
class RegistryCheck:
    """What ``parley actors check`` reports: the problems found, the files and the actors read."""

    problems: tuple[str, ...]
    files: tuple[str, ...]
    actors: int


__all__ = [
    "ActorInfo",
    "ActorRecord",
    "ContradictionsResult",
    "CooperationPoint",
    "DocumentView",
    "EventImport",
    "ExtractRun",
    "IngestSummary",
    "Overview",
    "RegistryCheck",
    "SayDoResult",
    "TacticsResult",
    "Shift",
    "SideTrends",
    "StatementFacets",
]
