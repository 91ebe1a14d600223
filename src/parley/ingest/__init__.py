"""Ingestion: files, folders, URLs, feeds and standard input into Documents, and into the store.

>>> from parley.store import open_store
>>> summary = ingest(open_store(":memory:"), ["notes.txt"])  # doctest: +SKIP

:func:`read_inputs` yields Documents and Rejections from any mix of sources and is what
``parley extract`` uses; :func:`ingest` stores them, extracts and codes their statements, records
rejections, and returns a summary (read, new, duplicate, rejected).
"""

from __future__ import annotations

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
from ..records import Document, Rejection
from .fetch import FetchOptions, fetch
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
    "IngestSummary",
    "Progress",
    "expand_sources",
    "ingest",
    "read_inputs",
]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read inputs. Defaults come from the settings table."""

    fields: FieldMap = field(default_factory=FieldMap)
    source: str | None = None  # label every document with this source
    language: str | None = None  # skip identification and use this language
    format: str | None = None  # force a reader: text, markdown, html, json, jsonl, csv, feed
    follow_links: bool = False  # feeds: fetch each entry's page instead of using its summary
    extensions: tuple[str, ...] | None = None  # which files a folder contributes (None: all)
    follow_symlinks: bool = False  # folders: follow symbolic links that lead out of the folder
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_file_bytes: int = field(default_factory=lambda: int(settings.get("max_file_bytes")))
    batch_size: int = field(default_factory=lambda: int(settings.get("batch_size")))


class Progress(Protocol):
    """What ingestion reports to a progress bar (the CLI passes a Rich one)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, description: str) -> None: ...


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
            follow_links=False, fetch=options.fetch,
        )
        yield from _read_bytes(got.body, ctx, page_options, name=got.final_url,
                               content_type=got.content_type or "text/html", charset=got.charset)

    return fetch_and_read


def _read_one(source: str, options: IngestOptions, stdin: Callable[[], bytes]) -> Iterator[Item]:
    base = dict(fields=options.fields, source=options.source, language=options.language)
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
    try:
        # opened without following a FIFO's promise of data: O_NONBLOCK, then checked
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                yield Rejection(shown, "not a regular file; not read")
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
        except Exception as exc:  # a reader bug must not stop the batch: record it with its reason
            log.exception("unexpected error reading %s", printable_path(source) if not _is_url(source) else source)
            yield Rejection(printable_path(source) if not _is_url(source) else source,
                            f"unexpected error while reading: {type(exc).__name__}: {exc}")
        if progress:
            progress.advance(source)


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


#: what a store raises on a document it cannot encode (an unpaired surrogate, metadata too deep)
#: before it writes anything; a StoreError (the database failed) stops the run as it did
_DATA_ERRORS = (ValueError, TypeError, RecursionError)


def _add_documents(store, docs: list[Document], rejected: list[Rejection]):
    """``store.add_documents(docs)``; when a document of the batch cannot be encoded for the
    store, each document on its own, so that one is rejected with the reason and the rest kept.
    The error is raised again when no document of the batch can be written."""
    try:
        return store.add_documents(docs)
    except _DATA_ERRORS as exc:
        first = exc
    results = []
    refused: list[Rejection] = []
    for doc in docs:
        try:
            results.extend(store.add_documents([doc]))
        except _DATA_ERRORS as exc:
            refused.append(Rejection(doc.origin, f"cannot store the document: {type(exc).__name__}: {exc}"))
    if not results:
        raise first
    rejected.extend(refused)
    return results


def ingest(
    store,
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    extract: bool = True,
    progress: Progress | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> IngestSummary:
    """Read ``sources`` into ``store``: new documents stored, duplicates skipped, rejections
    recorded with their reasons, and (``extract``) statements extracted and coded.

    Each batch of documents is written in one transaction, so a process killed mid-run keeps
    every batch already written. Running it again on the same input adds nothing.
    """
    from ..pipeline import Processor, registry_for

    options = options or IngestOptions()
    summary = IngestSummary()
    summary.run_id = store.start_run("ingest", {"sources": list(sources), "extract": extract})
    processor = Processor(registry=registry_for(store)) if extract else None
    for batch in _batches(read_inputs(sources, options, progress=progress, stdin=stdin), options.batch_size):
        docs = [x for x in batch if isinstance(x, Document)]
        rejected = [x for x in batch if isinstance(x, Rejection)]
        summary.read += len(docs)
        results = _add_documents(store, docs, rejected)
        fresh = {r.id for r in results if r.status == "new"}
        summary.new += len(fresh)
        summary.duplicate += sum(1 for r in results if r.status == "duplicate")
        summary.new_ids.extend(r.id for r in results if r.status == "new")
        if processor is not None and fresh:
            new_docs = [d for d in docs if d.id in fresh]
            statements, failures = processor.process(new_docs)
            summary.statements += store.replace_statements_many(statements, run_id=summary.run_id)
            rejected.extend(failures)
        if rejected:
            store.add_rejections(rejected)
            summary.rejections.extend(rejected)
    store.finish_run(summary.run_id, summary.as_dict())
    return summary
