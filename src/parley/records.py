"""Typed, immutable records that flow between Parley's stages.

Every stage takes records and returns records; nothing passes positional tuples or dicts with
implied keys. Spans are character offsets into the stored document text, end-exclusive, and
``document.text[start:end] == span_text`` always holds.

Records serialise to plain JSON-compatible dicts with :func:`to_dict` and back with the
``from_dict`` class methods, so the store, the CLI's ``--format json`` and the web API all share one
shape.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

StatementKind = Literal["direct", "indirect", "mixed"]
ActorType = Literal["person", "institution"]

STATEMENT_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
#: What a statement is about (Statement.theatre): the war in Ukraine and its settlement, the Middle
#: East, a bilateral relationship not about a war, anything else.
THEATRES: tuple[str, ...] = ("russia-ukraine", "middle-east", "bilateral", "other")

#: The metadata key of a document whose publication date was set aside as implausible (before the
#: ``earliest_date`` setting, or in the future): the date given and why (``parley docs --undated``).
IMPLAUSIBLE_DATE = "implausible_date"


def safe_link(url: str | None) -> str | None:
    """``url`` when a reader can follow it safely (http or https), else None (javascript:, data:,
    file: and the like are never shown as links)."""
    if not url or not isinstance(url, str):
        return None
    scheme = url.strip().split(":", 1)[0].casefold() if ":" in url else ""
    return url.strip() if scheme in ("http", "https") else None


def content_hash(text: str) -> str:
    """The stable id of a text: SHA-256 over its NFC form with whitespace runs collapsed.

    Two copies of one article that differ only in line breaks or spacing share an id, so
    re-ingesting the same text from another export is recognised as a duplicate.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _datetime_or_none(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested text with its provenance.

    ``id`` is the content hash of ``text`` (see :func:`content_hash`); ``external_id`` is the
    identifier the source gave the record (a JSONL ``id`` field, a feed entry's guid), kept so that
    annotations and exports can refer back to it.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    author: str | None = None
    external_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    origin: str | None = None  # the file path or URL the record was read from, with a locator
    reader: str | None = None  # which reader produced it ("jsonl", "html", "feed", ...)
    ingested_at: dt.datetime | None = None
    parley_version: str | None = None

    @classmethod
    def create(cls, text: str, **kwargs: Any) -> Document:
        """A document whose id is the content hash of ``text``."""
        return cls(id=content_hash(text), text=text, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        return cls(
            id=data["id"],
            text=data["text"],
            title=data.get("title"),
            source=data.get("source"),
            url=data.get("url"),
            published=_date_or_none(data.get("published")),
            language=data.get("language"),
            author=data.get("author"),
            external_id=data.get("external_id"),
            metadata=dict(data.get("metadata") or {}),
            origin=data.get("origin"),
            reader=data.get("reader"),
            ingested_at=_datetime_or_none(data.get("ingested_at")),
            parley_version=data.get("parley_version"),
        )


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document's text (end-exclusive)."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), data["text"])


@dataclass(frozen=True, slots=True)
class EventCode:
    """A PLOVER event (with mode where one applies) and its CAMEO and Goldstein equivalents."""

    plover: str | None
    plover_mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    cooperation: float | None = None  # PLOVER's cooperation-conflict score of the event/mode
    confidence: float | None = None
    coder: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventCode:
        return cls(**{f.name: data.get(f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True, slots=True)
class Signal:
    """One negotiation signal a statement carries, with the evidence for it.

    ``cues`` are the words of the statement that justify the code, as written. ``conditional``
    applies to OFFER_TALKS and CEASEFIRE only (True: tied to conditions, False: explicitly
    unconditional, None: unstated). ``conditions`` are short phrases naming the demands
    (SET_CONDITIONS, REJECT). ``topics`` come from the codebook's fixed list.
    """

    code: str
    confidence: float
    cues: tuple[str, ...] = ()
    conditional: bool | None = None
    conditions: tuple[str, ...] = ()
    target: str | None = None
    topics: tuple[str, ...] = ()
    negated: bool = False
    coder: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signal:
        return cls(
            code=data["code"],
            confidence=float(data.get("confidence", 1.0)),
            cues=tuple(data.get("cues") or ()),
            conditional=data.get("conditional"),
            conditions=tuple(data.get("conditions") or ()),
            target=data.get("target"),
            topics=tuple(data.get("topics") or ()),
            negated=bool(data.get("negated", False)),
            coder=data.get("coder"),
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """Something an identifiable speaker is reported to have said, written or announced.

    ``start``/``end``/``text`` are the content span in the document text. ``speaker`` is the
    canonical name of the resolved actor, else the mention as written. ``parts`` holds the
    pieces of a discontinuous content (a split quote) when there is more than one. ``theatre``
    (the conflict or relationship it concerns) and ``target`` (the side it addresses, as a side
    code) are set by the signal coder.
    """

    doc_id: str
    start: int
    end: int
    text: str
    kind: StatementKind
    speaker: str | None = None
    actor_id: str | None = None
    side: str | None = None
    mention: str | None = None
    mention_span: Span | None = None
    cue: str | None = None
    cue_span: Span | None = None
    parts: tuple[Span, ...] = ()
    published: dt.date | None = None
    language: str | None = None
    confidence: float = 1.0
    signals: tuple[Signal, ...] = ()
    event: EventCode | None = None
    extractor: str | None = None  # stage name and version, e.g. "parley.extract/1"
    theatre: str | None = None  # what it is about: russia-ukraine, middle-east, bilateral, other
    target: str | None = None  # the side addressed or acted upon (never the speaker's own)

    @property
    def id(self) -> str:
        """A stable id from the document, the span and the speaker."""
        key = f"{self.doc_id}\x1f{self.start}\x1f{self.end}\x1f{self.speaker or ''}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]

    @property
    def signal_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.signals)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Statement:
        def span(v: Any) -> Span | None:
            return Span.from_dict(v) if v else None

        return cls(
            doc_id=data["doc_id"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            kind=data["kind"],
            speaker=data.get("speaker"),
            actor_id=data.get("actor_id"),
            side=data.get("side"),
            mention=data.get("mention"),
            mention_span=span(data.get("mention_span")),
            cue=data.get("cue"),
            cue_span=span(data.get("cue_span")),
            parts=tuple(Span.from_dict(p) for p in data.get("parts") or ()),
            published=_date_or_none(data.get("published")),
            language=data.get("language"),
            confidence=float(data.get("confidence", 1.0)),
            signals=tuple(Signal.from_dict(s) for s in data.get("signals") or ()),
            event=EventCode.from_dict(data["event"]) if data.get("event") else None,
            extractor=data.get("extractor"),
            theatre=data.get("theatre"),
            target=data.get("target"),
        )


@dataclass(frozen=True, slots=True)
class Role:
    """A role an actor held, with its date range (``end`` None: still holds it)."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per language

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or institution in the registry, with the side it speaks for."""

    id: str
    name: str
    type: ActorType
    side: str | None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # language -> names
    roles: tuple[Role, ...] = ()
    gender: str | None = None  # "m" / "f" for persons, for pronoun resolution
    sources: tuple[str, ...] = ()  # where the facts were checked
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A recorded deed from event data (ACLED, GDELT): what happened, not what was said."""

    id: str
    date: dt.date
    dataset: str  # "acled", "gdelt", ...
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
    raw: Mapping[str, Any] = field(default_factory=dict)
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two statements whose positions cannot both hold, with the rule that found them."""

    a: Statement
    b: Statement
    rule: str
    explanation: str
    topic: str | None = None
    score: float = 1.0
    #: how many flags of this rule between the same officials on the same subject this one stands
    #: for (itself and its ``repeats``: the other pairs, earliest first)
    count: int = 1
    repeats: tuple[tuple[Statement, Statement], ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be ingested, with where it came from and why."""

    origin: str  # file path or URL
    reason: str
    locator: str | None = None  # "line 7", "record 3", "entry https://..."
    at: dt.datetime | None = None
    stage: str = "ingest"


def to_dict(record: Any) -> Any:
    """A JSON-compatible dict of any record (dates as ISO strings, tuples as lists)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        out = {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
        if isinstance(record, Statement):
            out["id"] = record.id
        return out
    if isinstance(record, (dt.datetime, dt.date)):
        return record.isoformat()
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    if isinstance(record, (list, tuple)):
        return [to_dict(v) for v in record]
    return record


def to_json(record: Any, **kwargs: Any) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, **kwargs)
