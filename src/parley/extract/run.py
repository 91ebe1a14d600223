"""Extracting statements from inputs (files, folders, URLs, standard input) without a store.

:func:`extract_inputs` reads anything ``parley ingest`` reads (through
:func:`parley.ingest.read_inputs`), runs the extractor of each document's language and yields one
flat row per statement (offsets into the record's text as given) or the input's
:class:`~parley.records.Rejection`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import ConfigError
from ..records import Document, Rejection, Statement, to_dict
from . import get_extractor

#: the fields of a statement row, in order (``parley extract`` prints these)
ROW_FIELDS: tuple[str, ...] = (
    "doc_id",
    "speaker",
    "actor_id",
    "side",
    "mention",
    "cue",
    "kind",
    "text",
    "start",
    "end",
    "published",
    "signals",
    "confidence",
    "extractor",
    "id",
)


def statement_row(doc: Document, st: Statement) -> dict[str, Any]:
    """One statement as a flat JSON-ready row: the record's own id (``external_id``) where it
    has one, the speaker's canonical name (else the mention), offsets into the record's text."""
    d = to_dict(st)
    return {
        "doc_id": doc.external_id or doc.id,
        "speaker": st.speaker or st.mention,
        "actor_id": st.actor_id,
        "side": st.side,
        "mention": st.mention,
        "cue": st.cue,
        "kind": st.kind,
        "text": st.text,
        "start": st.start,
        "end": st.end,
        "published": d["published"],
        "signals": d["signals"],
        "confidence": st.confidence,
        "extractor": st.extractor,
        "id": st.id,
    }


def extract_inputs(
    sources: Sequence[str],
    *,
    registry: Any = None,
    language: str | None = None,
    options: Any = None,
    processor: Any = None,
) -> Iterator[dict[str, Any] | Rejection]:
    """Statement rows of every document read from ``sources``, and a Rejection for each input
    (or document in a language without an extractor) that could not be used.

    With a :class:`parley.pipeline.Processor`, statements are also coded (signals and events),
    exactly as ``parley ingest`` stores them; without one they are extracted only."""
    from ..ingest import IngestOptions, read_inputs

    if options is None:
        options = IngestOptions(language=language) if language else IngestOptions()
    for item in read_inputs(sources, options):
        if isinstance(item, Rejection):
            yield item
            continue
        if processor is not None:
            statements, failures = processor.process([item])
            yield from failures
            for st in statements.get(item.id, []):
                yield statement_row(item, st)
            continue
        lang = language or item.language or "en"
        try:
            ex = get_extractor(lang, registry)
        except ConfigError as exc:
            yield Rejection(item.origin or item.id, str(exc), stage="extract")
            continue
        for st in ex(item):
            yield statement_row(item, st)
