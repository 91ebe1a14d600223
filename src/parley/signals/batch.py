"""Coding records given as lines: JSON objects (id, text, cue, source, target, language, side) or
plain text lines. Used by ``parley code``; a bad line is reported with its line number and the
rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..records import Rejection, to_dict
from .coder import Coder, CodeRequest, CodeResult


@dataclass(frozen=True, slots=True)
class CodedRecord:
    """One input record's coding, in the flat shape ``parley code`` writes."""

    id: str
    plover: str | None
    plover_mode: str | None
    cameo: str | None
    goldstein: float | None
    signals: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, rid: str, res: CodeResult) -> CodedRecord:
        ev = res.event
        sigs = tuple(
            {
                "code": s.code,
                "confidence": s.confidence,
                "cues": list(s.cues),
                "conditional": s.conditional,
                "conditions": list(s.conditions),
                "target": s.target,
                "topics": list(s.topics),
            }
            for s in res.signals
        )
        return cls(
            id=rid,
            plover=ev.plover if ev else None,
            plover_mode=ev.plover_mode if ev else None,
            cameo=ev.cameo if ev else None,
            goldstein=ev.goldstein if ev else None,
            signals=sigs,
        )


_FIELDS = ("id", "text", "cue", "source", "target", "language", "side")


def read_requests(lines: Iterable[str], *, language: str = "en") -> Iterator[tuple[int, str | None, CodeRequest | None, str | None]]:
    """(line number, id, request, error) for every non-empty line."""
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("{"):
            yield n, str(n), CodeRequest(text=line, language=language), None
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, None, None, f"not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield n, None, None, "a JSON record must be an object"
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield n, None, None, "the record has no text (a non-empty string 'text' is required)"
            continue
        bad = [k for k in ("cue", "source", "target", "language", "side") if obj.get(k) is not None and not isinstance(obj[k], str)]
        if bad:
            yield n, None, None, f"field(s) {', '.join(bad)} must be strings"
            continue
        rid = obj.get("id")
        rid = str(rid) if rid is not None else str(n)
        yield n, rid, CodeRequest(
            text=text,
            cue=obj.get("cue"),
            source=obj.get("source"),
            target=obj.get("target"),
            side=obj.get("side"),
            language=obj.get("language") or language,
        ), None


def code_lines(lines: Iterable[str], coder: Coder, *, origin: str = "-", language: str = "en",
               batch_size: int = 64) -> Iterator[CodedRecord | Rejection]:
    """Code every line; yields a :class:`CodedRecord` per good line, a :class:`Rejection` per bad one."""
    batch: list[tuple[str, CodeRequest]] = []

    def flush() -> Iterator[CodedRecord]:
        results = coder.code_requests([r for _, r in batch])
        for (rid, _), res in zip(batch, results):
            yield CodedRecord.of(rid, res)
        batch.clear()

    for n, rid, req, err in read_requests(lines, language=language):
        if err is not None or req is None or rid is None:
            yield from flush()
            yield Rejection(origin=origin, reason=err or "unreadable", locator=f"line {n}", stage="parley.signals")
            continue
        batch.append((rid, req))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


__all__ = ["CodedRecord", "code_lines", "read_requests", "to_dict"]
