"""Helpers shared by the analysis tests: statements built by hand, gold statements loaded."""

from __future__ import annotations

import datetime as dt
import itertools

from parley.records import EventCode, Signal, Statement

_counter = itertools.count()


def st(
    text: str,
    *,
    speaker: str = "Official A",
    side: str | None = "UA",
    day: str | dt.date = "2025-03-01",
    codes: tuple[str, ...] | list[str] = (),
    doc: str | None = None,
    start: int | None = None,
    conditional: bool | None = None,
    topics: tuple[str, ...] = (),
    cooperation: float | None = None,
) -> Statement:
    """A statement written for a test: its own document unless ``doc`` is given."""
    n = next(_counter)
    start = n * 1000 if start is None else start
    published = dt.date.fromisoformat(day) if isinstance(day, str) else day
    signals = tuple(
        Signal(c, 1.0, conditional=conditional if c in ("OFFER_TALKS", "CEASEFIRE") else None, topics=topics,
               coder="test")
        for c in codes
    )
    event = EventCode(plover=None, cooperation=cooperation) if cooperation is not None else None
    return Statement(
        doc_id=doc or f"doc-{n}", start=start, end=start + len(text), text=text, kind="direct", speaker=speaker,
        side=side, published=published, signals=signals, event=event, extractor="test",
    )
