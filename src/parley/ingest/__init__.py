"""Ingestion, the first stage: files, folders, URLs, feeds and standard input read into Documents.

>>> items = list(read_inputs(["notes.txt"]))  # doctest: +SKIP

:func:`read_inputs` yields Documents and Rejections from any mix of sources; it never writes
anything. Storing them (and extracting their statements) is :meth:`parley.api.Parley.ingest`.
Event files (ACLED, GDELT) are read by :mod:`parley.ingest.events`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import settings
from ..errors import FetchError
from ..records import Rejection
from .dates import EARLIEST_DATE
from .fetch import FetchOptions, fetch
from .language import DEFAULT_LANGUAGES
from .readers import (
    STREAMED_FORMATS,
    FieldMap,
    Item,
    ReadContext,
    decode,
    format_for,
    read_feed,
    read_stream,
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
    follow_symlinks: bool = False  # folders: follow symbolic links that lead out of the folder
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_file_bytes: int = int(settings.default("max_file_bytes"))
    max_html_bytes: int = int(settings.default("max_html_bytes"))  # an HTML page is parsed whole
    batch_size: int = int(settings.default("batch_size"))
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # the candidates of language identification
    earliest: dt.date = EARLIEST_DATE  # an earlier publication date is implausible (set aside)
    latest: dt.date | None = None  # a later one too (None: tomorrow, when read)


class Progress(Protocol):
    """What ingestion reports to a progress bar (the CLI passes a Rich one)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, description: str) -> None: ...


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def printable_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed and stored: bytes that are not UTF-8 in a file
    name (kept by Python as surrogate escapes) are shown as ``\\xNN``."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def _walk(folder: Path, options: IngestOptions, out: list[str], missing: list[Rejection]) -> None:
    """The regular files under ``folder``, sorted, hidden ones skipped. FIFOs, sockets and devices
    are reported, never opened; a symbolic link is followed only when it stays inside the folder
    (or ``options.follow_symlinks``)."""
    top = folder.resolve()
    for root, dirs, files in os.walk(folder, followlinks=options.follow_symlinks):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if not options.follow_symlinks:
            dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()
                       or _inside(Path(root) / d, top, missing)]
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            shown = printable_path(path)
            # Every visible file is read (by extension, else by sniffing its content), so a stray
            # binary file is reported as rejected rather than skipped in silence.
            if options.extensions is not None and not name.lower().endswith(options.extensions):
                continue
            if path.is_symlink() and not options.follow_symlinks and not _inside(path, top, missing):
                continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                missing.append(Rejection(shown, f"cannot read the file: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(mode):
                kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
                missing.append(Rejection(shown, f"skipped: {kind}, not a regular file"))
                continue
            out.append(str(path))


def _inside(link: Path, top: Path, missing: list[Rejection]) -> bool:
    """Whether a symbolic link points inside ``top``; one that leaves it is reported."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        missing.append(Rejection(printable_path(link), "skipped: a broken or looping symbolic link"))
        return False
    if target == top or top in target.parents:
        return True
    missing.append(Rejection(printable_path(link), "skipped: a symbolic link out of the folder "
                             "(pass --follow-symlinks to read it)"))
    return False


def expand_sources(sources: Sequence[str], options: IngestOptions) -> tuple[list[str], list[Rejection]]:
    """Sources as a flat list of files, URLs and ``-``: folders walked recursively by extension."""
    out: list[str] = []
    missing: list[Rejection] = []
    for source in sources:
        if source == "-" or _is_url(source):
            out.append(source)
            continue
        path = Path(source).expanduser()
        shown = printable_path(path)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            missing.append(Rejection(shown, "no such file or folder"))
            continue
        except OSError as exc:
            missing.append(Rejection(shown, f"cannot read it: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, options, out, missing)
        elif stat.S_ISREG(mode):
            out.append(str(path))
        else:
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            missing.append(Rejection(shown, f"not a regular file ({kind}); not read"))
    return out, missing


def _read_bytes(data: bytes, ctx: ReadContext, options: IngestOptions, *, name: str,
                content_type: str | None = None, charset: str | None = None) -> Iterator[Item]:
    hint = options.format or format_for(name) if name else options.format
    text = decode(data, ctx.origin, charset, line_records=hint in ("csv", "jsonl"))
    if isinstance(text, Rejection):
        yield text
        return
    fmt = options.format or format_for(name, text, content_type)
    if fmt == "html" and len(data) > options.max_html_bytes:
        yield _html_too_big(ctx.origin, len(data), options)
        return
    if fmt == "feed":
        yield from read_feed(text, ctx, follow=options.follow_links, fetcher=_fetch_page(options))
    else:
        yield from read_text_as(fmt, text, ctx)


def _html_too_big(origin: str, size: int, options: IngestOptions) -> Rejection:
    """An HTML page is parsed whole (its main text is found in the whole tree): one over the
    ``max_html_bytes`` bound is refused before it is parsed, or read, so that memory and time stay
    bounded (a 100 MB page took minutes and GBs)."""
    return Rejection(origin, f"HTML page of {size:,} bytes, more than {options.max_html_bytes:,} "
                     "(setting max_html_bytes); not read")


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
            max_html_bytes=options.max_html_bytes,
        )
        yield from _read_bytes(got.body, ctx, page_options, name=got.final_url,
                               content_type=got.content_type or "text/html", charset=got.charset)

    return fetch_and_read


def _read_one(source: str, options: IngestOptions, stdin: Callable[[], bytes]) -> Iterator[Item]:
    base = dict(fields=options.fields, source=options.source, language=options.language,
                languages=options.languages, earliest=options.earliest, latest=options.latest)
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
    shown = printable_path(source)
    streamed = (options.format or format_for(path.name)) in STREAMED_FORMATS
    try:
        # opened without following a FIFO's promise of data: O_NONBLOCK, then checked
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                yield Rejection(shown, "not a regular file; not read")
                return
            if streamed:  # an archive (JSON Lines, CSV, Parquet): read record by record, any size
                fmt = options.format or format_for(path.name)
                yield from read_stream(fh, fmt, ReadContext(origin=shown, **base), max_record=options.max_file_bytes)
                return
            if (options.format or format_for(path.name)) == "html" and info.st_size > options.max_html_bytes:
                yield _html_too_big(shown, info.st_size, options)
                return
            if info.st_size > options.max_file_bytes:
                yield Rejection(shown, f"file of {info.st_size:,} bytes exceeds the limit of "
                                f"{options.max_file_bytes:,} (setting max_file_bytes)")
                return
            data = fh.read(options.max_file_bytes + 1)
        if len(data) > options.max_file_bytes:
            yield Rejection(shown, f"file grew past the limit of {options.max_file_bytes:,} bytes while read "
                            "(setting max_file_bytes)")
            return
    except OSError as exc:
        yield Rejection(shown, f"cannot read the file: {exc.strerror or exc}")
        return
    ctx = ReadContext(origin=shown, **base)
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
            shown = printable_path(source) if not _is_url(source) else source
            log.debug("unexpected error reading %s", shown, exc_info=True)  # the traceback with -vv only
            yield Rejection(shown, f"unexpected error while reading: {type(exc).__name__}: {exc}")
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
