"""Ingestion, the first stage: files, folders, URLs, feeds and standard input read into Documents.

>>> items = list(read_inputs(["notes.txt"]))  # doctest: +SKIP

:func:`read_inputs` yields Documents and Rejections from any mix of sources; it never writes
anything. Storing them (and extracting their statements) is :meth:`parley.api.Parley.ingest`.
Event files (ACLED, GDELT) are read by :mod:`parley.ingest.events`.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import settings
from ..errors import FetchError
from ..records import Rejection
from .fetch import FetchOptions, fetch
from .language import DEFAULT_LANGUAGES
from .readers import (
    FieldMap,
    Item,
    ReadContext,
    decode,
    format_for,
    read_feed,
    read_text_as,
)

log = logging.getLogger(__name__)

__all__ = [
    "IngestOptions",
    "Item",
    "Progress",
    "batches",
    "expand_sources",
    "read_inputs",
]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read inputs. The defaults are the settings table's; :class:`parley.api.Parley` builds
    options from the resolved settings (:meth:`parley.api.Parley.ingest_options`)."""

    fields: FieldMap = field(default_factory=FieldMap)
    source: str | None = None  # label every document with this source
    language: str | None = None  # skip identification and use this language
    format: str | None = None  # force a reader: text, markdown, html, json, jsonl, csv, feed
    follow_links: bool = False  # feeds: fetch each entry's page instead of using its summary
    extensions: tuple[str, ...] | None = None  # which files a folder contributes (None: all)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_file_bytes: int = int(settings.default("max_file_bytes"))
    batch_size: int = int(settings.default("batch_size"))
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # the candidates of language identification


class Progress(Protocol):
    """What ingestion reports to a progress bar (the CLI passes a Rich one)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, description: str) -> None: ...


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand_sources(sources: Sequence[str], options: IngestOptions) -> tuple[list[str], list[Rejection]]:
    """Sources as a flat list of files, URLs and ``-``: folders walked recursively by extension."""
    out: list[str] = []
    missing: list[Rejection] = []
    for source in sources:
        if source == "-" or _is_url(source):
            out.append(source)
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    # Every visible file is read (by extension, else by sniffing its content), so a
                    # stray binary file is reported as rejected rather than skipped in silence.
                    if options.extensions is None or name.lower().endswith(options.extensions):
                        found.append(str(Path(root) / name))
            out.extend(found)
        elif path.is_file():
            out.append(str(path))
        elif path.exists():
            missing.append(Rejection(str(path), "not a regular file"))
        else:
            missing.append(Rejection(str(path), "no such file or folder"))
    return out, missing


def _read_bytes(data: bytes, ctx: ReadContext, options: IngestOptions, *, name: str,
                content_type: str | None = None, charset: str | None = None) -> Iterator[Item]:
    text = decode(data, ctx.origin, charset)
    if isinstance(text, Rejection):
        yield text
        return
    fmt = options.format or format_for(name, text, content_type)
    if fmt == "feed":
        yield from read_feed(text, ctx, follow=options.follow_links, fetcher=_fetch_page(options))
    else:
        yield from read_text_as(fmt, text, ctx)


def _fetch_page(options: IngestOptions) -> Callable[[str, ReadContext], Iterator[Item]]:
    def fetch_and_read(url: str, ctx: ReadContext) -> Iterator[Item]:
        try:
            got = fetch(url, options.fetch)
        except FetchError as exc:
            yield Rejection(url, exc.reason)
            return
        page_options = IngestOptions(
            fields=options.fields, source=options.source, language=options.language, format=None,
            follow_links=False, fetch=options.fetch, languages=options.languages,
        )
        yield from _read_bytes(got.body, ctx, page_options, name=got.final_url,
                               content_type=got.content_type or "text/html", charset=got.charset)

    return fetch_and_read


def _read_one(source: str, options: IngestOptions, stdin: Callable[[], bytes]) -> Iterator[Item]:
    base = dict(fields=options.fields, source=options.source, language=options.language,
                languages=options.languages)
    if source == "-":
        ctx = ReadContext(origin="<stdin>", **base)
        yield from _read_bytes(stdin(), ctx, options, name="")
        return
    if _is_url(source):
        try:
            got = fetch(source, options.fetch)
        except FetchError as exc:
            yield Rejection(source, exc.reason)
            return
        ctx = ReadContext(origin=source, url=got.final_url, **base)
        yield from _read_bytes(got.body, ctx, options, name=got.final_url,
                               content_type=got.content_type, charset=got.charset)
        return
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > options.max_file_bytes:
            yield Rejection(source, f"file of {size:,} bytes exceeds the limit of {options.max_file_bytes:,} "
                            "(setting max_file_bytes)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, f"cannot read the file: {exc.strerror or exc}")
        return
    ctx = ReadContext(origin=source, **base)
    yield from _read_bytes(data, ctx, options, name=path.name)


def read_inputs(
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    progress: Progress | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> Iterator[Item]:
    """Documents and Rejections from files, folders, URLs, feeds and ``-`` (standard input)."""
    options = options or IngestOptions()
    stdin = stdin or (lambda: sys.stdin.buffer.read())
    files, missing = expand_sources(sources, options)
    yield from missing
    if progress:
        progress.start(len(files))
    for source in files:
        try:
            yield from _read_one(source, options, stdin)
        # The batch boundary: whatever a reader raises on one input (a bug, a parser's odd error)
        # becomes that input's rejection, stored and reported with the run, and the batch goes on.
        except Exception as exc:
            log.exception("unexpected error reading %s", source)
            yield Rejection(source, f"unexpected error while reading: {type(exc).__name__}: {exc}")
        if progress:
            progress.advance(source)


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
