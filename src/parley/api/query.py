"""The one query object every face builds: which statements (by text, actor, side, signals, topic,
kind, document, language, dates).

A :class:`StatementQuery` is frozen and typed; :meth:`StatementQuery.of` reads the loosely typed
values a face receives (text dates, comma-separated codes, empty strings), and
:meth:`parley.api.Parley.check` validates it once against the codebook, the registry and the store:
an unknown signal, topic, kind, side or actor is an error that lists the known ones, the same for
the command line, the dashboard and the briefing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import ConfigError
from ..records import THEATRES
from ..ingest.dates import parse_date


def parse_day(value: str | dt.date | None, name: str) -> dt.date | None:
    """A date given as a date or as text (YYYY-MM-DD, or anything dateparser reads); ConfigError
    naming the option or parameter ``name`` when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        day = parse_date(value)
        if day is None:
            raise ConfigError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None
        return day


def _codes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(dict.fromkeys(c.strip().upper() for c in items if c and c.strip()))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _theatre(value: str | None, flag: str) -> str | None:
    """A theatre name checked against the coder's list (``all`` or blank: no filter)."""
    text = _text(value)
    if text is None or text.lower() == "all":
        return None
    if text.lower() not in THEATRES:
        raise ConfigError(f"{flag}theatre {text!r} is not a theatre; known: {', '.join(THEATRES)} (or all)")
    return text.lower()


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """Which statements. Every field is a filter; None (or empty) means no filter.

    ``actor`` is an actor id or a speaker's name as stored; ``side`` a side code (upper case);
    ``signals`` signal codes (a statement carrying any of them, not negated); ``doc`` a document
    id, unique id prefix or the source's own id; ``resolved`` keeps statements whose speaker is
    (True) or is not (False) a registry actor.
    """

    q: str | None = None
    actor: str | None = None
    side: str | None = None
    signals: tuple[str, ...] = ()
    topic: str | None = None
    kind: str | None = None
    doc: str | None = None
    language: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    resolved: bool | None = None
    theatre: str | None = None  # russia-ukraine, middle-east, bilateral, other (the coder's theatre)

    @classmethod
    def of(
        cls,
        *,
        q: str | None = None,
        actor: str | None = None,
        side: str | None = None,
        signal: str | Iterable[str] | None = None,
        topic: str | None = None,
        kind: str | None = None,
        doc: str | None = None,
        language: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        resolved: bool | None = None,
        theatre: str | None = None,
        flag: str = "",
    ) -> StatementQuery:
        """A query from the values a face receives: codes comma-separated or listed, dates as
        dates or text, blanks ignored. ``flag`` prefixes parameter names in errors (the command
        line passes ``"--"``: "--since 'someday' is not a date")."""
        side = _text(side)
        return cls(
            q=_text(q),
            actor=_text(actor),
            side=side.upper() if side else None,
            signals=_codes(signal),
            topic=_text(topic),
            kind=_text(kind),
            doc=_text(doc),
            language=_text(language),
            since=parse_day(since, f"{flag}since"),
            until=parse_day(until, f"{flag}until"),
            resolved=resolved,
            theatre=_theatre(theatre, flag),
        )

    def replace(self, **changes: Any) -> StatementQuery:
        """A copy with some fields changed (``signal=`` is read as in :meth:`of`)."""
        if "signal" in changes:
            changes["signals"] = _codes(changes.pop("signal"))
        if changes.get("side"):
            changes["side"] = str(changes["side"]).upper()
        return replace(self, **changes)

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return all(getattr(self, f.name) in (None, (), "") for f in fields(self))

    @property
    def inverted(self) -> bool:
        """A period whose start is after its end: valid, and empty (the pages say so)."""
        return bool(self.since and self.until and self.since > self.until)

    def store_filters(self, *, doc_id: str | None = None) -> dict[str, Any]:
        """The keyword filters of :meth:`parley.store.Store.statements` (``doc_id``: the document
        ``doc`` named, as the store holds it)."""
        out = {
            "q": self.q, "actor": self.actor, "side": self.side,
            "signal": ",".join(self.signals) or None, "topic": self.topic, "kind": self.kind,
            "doc_id": doc_id, "language": self.language, "since": self.since, "until": self.until,
            "theatre": self.theatre,
            "resolved": self.resolved,
        }
        return {k: v for k, v in out.items() if v is not None}


__all__ = ["StatementQuery", "parse_day"]
