"""Readers: one per input format, each turning bytes into Documents or Rejections.

Every reader yields :class:`~parley.records.Document` for what it could read and
:class:`~parley.records.Rejection` (naming the file and the record, and why) for what it could not;
it never stops the batch and never drops input silently.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import json
import math
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
import xml.sax
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from .. import __version__
from .._lazy import lazy_module
from ..errors import ConfigError
from ..records import Document, Rejection
from .dates import EARLIEST_DATE, IMPLAUSIBLE_DATE, implausible_date, parse_date
from .language import DEFAULT_LANGUAGES, detect_language, normalize_language

Item = Document | Rejection

# loaded by the first input that needs them (a plain-text or JSON file needs none)
feedparser = lazy_module("feedparser")
etree = lazy_module("lxml.etree")
lxml_html = lazy_module("lxml.html")
_html = lazy_module("parley.ingest.html")

#: Field names tried, in order, for each document field of a JSON/JSONL/CSV record.
DEFAULT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "guid", "message_id", "doc_id", "uuid"),
    "text": ("text", "body", "content", "full_text", "article"),
    "title": ("title", "headline", "name", "subject"),
    "published": ("published", "date", "published_at", "pubdate", "pub_date", "datetime", "timestamp", "created_at"),
    "url": ("url", "link", "permalink", "href"),
    "source": ("source", "site", "channel", "publisher", "outlet"),
    "language": ("language", "lang", "locale"),
    "author": ("author", "byline", "authors"),
}

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
JSON_EXTENSIONS = (".json",)
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
CSV_EXTENSIONS = (".csv", ".tsv")
FEED_EXTENSIONS = (".rss", ".atom", ".xml")
ALL_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + JSON_EXTENSIONS + JSONL_EXTENSIONS + CSV_EXTENSIONS + FEED_EXTENSIONS \
    + (".parquet", ".pq")


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which record fields hold the document's text, title, date, ... (user mappings first)."""

    overrides: Mapping[str, str] = field(default_factory=dict)

    def candidates(self, name: str) -> tuple[str, ...]:
        if name in self.overrides:
            return (self.overrides[name],)
        return DEFAULT_FIELDS[name]

    @classmethod
    def parse(cls, pairs: Sequence[str]) -> FieldMap:
        """From ``["text=body", "published=date_utc"]`` as given on the command line."""
        out: dict[str, str] = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not value:
                raise ConfigError(f"--field {pair!r}: write it as FIELD=COLUMN, e.g. --field text=body")
            if key not in DEFAULT_FIELDS:
                raise ConfigError(f"--field {pair!r}: {key!r} is not a document field; known: {', '.join(DEFAULT_FIELDS)}")
            out[key] = value
        return cls(out)


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader needs besides the bytes: where they came from and how to map fields."""

    origin: str
    fields: FieldMap = field(default_factory=FieldMap)
    source: str | None = None  # overrides the record's source
    language: str | None = None  # forces the language instead of identifying it
    url: str | None = None  # the URL the bytes were fetched from
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # the candidates of language identification
    earliest: dt.date = EARLIEST_DATE  # an earlier publication date is implausible (set aside)
    latest: dt.date | None = None  # a later one too (None: tomorrow, when read)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _lookup(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    lowered = None
    for name in names:
        if name in record:
            return record[name]
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    value = str(value)
    return value if value.strip() else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if host and host.startswith("www."):
        host = host[4:]
    return host


#: characters no store can hold: NUL (PostgreSQL text and JSON) and unpaired UTF-16 surrogates
#: (not encodable as UTF-8; JSON's "\\ud800" escape and numeric entities like &#xD800; make them)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: metadata nested deeper than this is rejected (the store's JSON encoder recurses)
MAX_METADATA_DEPTH = 64
#: the longest url, source or id (UTF-8 bytes): PostgreSQL's b-tree indexes hold at most ~2,700
MAX_KEY_BYTES = 2000


class _Unstorable(ValueError):
    """A field whose value the store could not hold faithfully; the message says which and why."""


def _check_string(value: Any, name: str) -> None:
    if not isinstance(value, str):
        return
    m = _UNSTORABLE.search(value)
    if m is None:
        return
    what = "a NUL character" if m.group() == "\x00" else f"an unpaired surrogate (U+{ord(m.group()):04X})"
    raise _Unstorable(f"the {name} field contains {what} at position {m.start()}: not storable text")


def _storable(value: Any, name: str, depth: int) -> Any:
    """``value`` as strict JSON the store can hold: non-finite numbers become the strings "NaN",
    "Infinity", "-Infinity" (PostgreSQL's JSON has no such numbers); raises :class:`_Unstorable`
    for NUL characters, unpaired surrogates and nesting deeper than ``MAX_METADATA_DEPTH``."""
    if depth > MAX_METADATA_DEPTH:
        raise _Unstorable(f"the {name} field is nested more than {MAX_METADATA_DEPTH} levels deep")
    if isinstance(value, str):
        _check_string(value, name)
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            key = str(k)
            _check_string(key, f"{name} key")
            out[key] = _storable(v, f"{name}.{key}"[:80], depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_storable(v, name, depth + 1) for v in value]
    return value


#: letters of any script, and the invisible format characters (zero-width spaces, joiners, BOMs)
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")
_CONTROL = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _unreadable(text: str) -> str | None:
    """Why ``text`` is not a document (no word of two letters; control characters in a short
    text, as random bytes give), or None when it reads as text."""
    if not _LETTER_RUN.search(text):
        return "no readable text: not one word (only symbols, digits or invisible characters)"
    if len(text) < 16 and _CONTROL.search(text):
        return "no readable text: control characters in a short input (binary data?)"
    return None


def make_document(
    text: str,
    ctx: ReadContext,
    *,
    reader: str,
    locator: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    source: str | None = None,
    author: str | None = None,
    external_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> Item:
    """A Document for ``text`` (stored exactly as given), or a Rejection when it is empty."""
    if not text or not text.strip():
        return Rejection(ctx.origin, "empty document: no text", locator, _now())
    if "\x00" in text:
        return Rejection(ctx.origin, "the text contains NUL characters (binary data?)", locator, _now())
    unreadable = _unreadable(text)
    if unreadable:
        return Rejection(ctx.origin, unreadable, locator, _now())
    try:
        for name, value in (("text", text), ("title", title), ("url", url), ("language", language),
                            ("source", source), ("author", author), ("id", external_id)):
            _check_string(value, name)
        metadata = _storable(dict(metadata or {}), "metadata", 0)
    except _Unstorable as exc:
        return Rejection(ctx.origin, str(exc), locator, _now())
    url = url or ctx.url
    source = ctx.source or source or _host(url) or None
    for name, value in (("url", url), ("source", source), ("id", external_id)):
        if value and len(value) * 4 > MAX_KEY_BYTES and len(value.encode("utf-8")) > MAX_KEY_BYTES:
            return Rejection(ctx.origin, f"the {name} field is {len(value.encode('utf-8')):,} bytes long; "
                             f"the most a store indexes is {MAX_KEY_BYTES:,}", locator, _now())
    lang = ctx.language or language
    if lang and lang.strip():
        try:
            lang = normalize_language(lang)
        except ValueError as exc:
            return Rejection(ctx.origin, str(exc), locator, _now())
    else:
        lang = None
    if not lang:
        lang = detect_language(text, ctx.languages)
    if published is not None:
        why = implausible_date(published, ctx.earliest, _now().date(), latest=ctx.latest)
        if why:  # kept, undated, with the date and the reason: `parley docs --undated` lists it
            metadata = {**(metadata or {}), IMPLAUSIBLE_DATE: f"{published.isoformat()}: {why}"}
            published = None
    return Document.create(
        text,
        title=title,
        source=source,
        url=url,
        published=published,
        language=lang,
        author=author,
        external_id=external_id,
        metadata=dict(metadata or {}),
        origin=ctx.origin + (f"#{locator}" if locator else ""),
        reader=reader,
        ingested_at=_now(),
        parley_version=__version__,
    )


def record_to_document(record: Any, ctx: ReadContext, *, reader: str, locator: str) -> Item:
    """Map one JSON/CSV record to a Document using the field map; the rest goes to metadata."""
    if not isinstance(record, Mapping):
        return Rejection(ctx.origin, f"expected an object with a text field, got {type(record).__name__}", locator, _now())
    fm = ctx.fields
    text_value = _lookup(record, fm.candidates("text"))
    if text_value is None:
        names = " or ".join(repr(n) for n in fm.candidates("text"))
        return Rejection(
            ctx.origin,
            f"no text field ({names}); fields present: {', '.join(map(str, record)) or 'none'}; "
            "map another with --field text=NAME",
            locator,
            _now(),
        )
    if not isinstance(text_value, str):
        return Rejection(ctx.origin, f"the text field holds {type(text_value).__name__}, not a string", locator, _now())
    raw_date = _lookup(record, fm.candidates("published"))
    try:
        published = parse_date(raw_date)
    except (ValueError, OverflowError):
        published = None
    ext = _lookup(record, fm.candidates("id"))
    text_key = next(n for n in fm.candidates("text") if n in record or n.lower() in {str(k).lower() for k in record})
    # The raw metadata: every field of the record except the text itself.
    metadata = {str(k): v for k, v in record.items() if str(k).lower() != text_key.lower()}
    return make_document(
        text_value,
        ctx,
        reader=reader,
        locator=locator,
        title=_as_text(_lookup(record, fm.candidates("title"))),
        url=_as_text(_lookup(record, fm.candidates("url"))),
        published=published,
        language=_as_text(_lookup(record, fm.candidates("language"))),
        source=_as_text(_lookup(record, fm.candidates("source"))),
        author=_as_text(_lookup(record, fm.candidates("author"))),
        external_id=_as_text(ext),
        metadata=metadata,
    )


# ------------------------------------------------------------------ decoding
def decode(data: bytes, origin: str, charset: str | None = None, *, line_records: bool = False) -> str | Rejection:
    """Bytes to text: BOM, declared charset, UTF-8, then cp1251 for old Cyrillic exports.

    ``line_records``: the bytes hold one record per line (CSV, JSON Lines), so NUL bytes are left
    for the record that holds them to be rejected, not the whole file."""
    if not data:
        return Rejection(origin, "empty file", None, _now())
    head = data[:8192]
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                return Rejection(origin, f"invalid UTF-32 text (byte {exc.start})", None, _now())
    utf32 = _utf32_without_bom(data)
    if utf32 is not None:
        return utf32
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        if not line_records:
            return Rejection(origin, "binary file (NUL bytes): not a text, HTML, JSON, CSV or feed file", None, _now())
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    for enc in [charset, "utf-8"]:
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    if len(data) < 32:
        return Rejection(origin, f"not text: {len(data)} bytes that are not UTF-8, too few to tell an encoding",
                         None, _now())
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if control > len(head) * 0.05:
        utf16 = _utf16_without_bom(data)  # Cyrillic UTF-16 has no NUL bytes but many 0x04 ones
        if utf16 is not None:
            return utf16
        return Rejection(origin, "binary file: not valid UTF-8 text", None, _now())
    # Old Cyrillic exports are cp1251; files glued together from several exports mix it with UTF-8,
    # so each line is read as UTF-8 when it is valid UTF-8, else as cp1251.
    lines = data.split(b"\n")
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            out.append(line.decode("cp1251"))
        except UnicodeDecodeError:
            return Rejection(origin, f"cannot decode the file as UTF-8 or cp1251 (line {number})", None, _now())
    return "\n".join(out)


#: code points of the text Parley reads (Latin, Cyrillic, general punctuation, whitespace)
_TEXT_CODEPOINTS = re.compile("[\t\n\r\x20-\x7e\u00a0-\u052f\u2000-\u206f\u20ac\u2116]")


def _utf32_without_bom(data: bytes) -> str | None:
    """``data`` read as UTF-32 when three bytes in four are NUL the way UTF-32 text has them."""
    if len(data) % 4 or len(data) < 8:
        return None
    head = data[: 8192 - 8192 % 4]
    # text in the Basic Multilingual Plane has two zero bytes in every four: the high ones
    for enc, zeros in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
        if all(head[i + z] == 0 for i in range(0, len(head), 4) for z in zeros):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if len(_TEXT_CODEPOINTS.findall(text[:4096])) >= 0.95 * len(text[:4096]):
                return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` read as UTF-16 (little- or big-endian) when it plainly is text in that encoding."""
    if len(data) % 2:
        return None
    head = data[:8192]
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            sample = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if sample and len(_TEXT_CODEPOINTS.findall(sample)) >= 0.95 * len(sample):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


# ------------------------------------------------------------------- readers
def read_text(text: str, ctx: ReadContext, *, reader: str = "text") -> Iterator[Item]:
    """A plain-text or Markdown file is one document; a leading ``# Title`` becomes the title."""
    title = None
    m = re.match(r"\A\s*#\s+(.+)", text)
    if m:
        title = m.group(1).strip()
    yield make_document(text, ctx, reader=reader, title=title)


def read_html(html: str, ctx: ReadContext) -> Iterator[Item]:
    try:
        page = _html.extract_page(html, ctx.url)
    except (etree.LxmlError, ValueError, TypeError, RecursionError) as exc:  # broken markup
        yield Rejection(ctx.origin, f"cannot parse the HTML: {exc}", None, _now())
        return
    if page is None:
        yield Rejection(ctx.origin, "no main text found in the HTML page", None, _now())
        return
    yield make_document(
        page.text,
        ctx,
        reader="html",
        title=page.title,
        url=page.url,
        published=page.published,
        language=page.language,
        source=page.sitename,
        author=page.author,
    )


def _json_failure(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "arrays or objects nested too deeply to read"
    return f"{exc}".split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion..."


def read_jsonl(text: str, ctx: ReadContext) -> Iterator[Item]:
    # JSON Lines are separated by "\n" only: str.splitlines() would also split at U+2028,
    # U+0085 and the other Unicode line breaks, which JSON strings may hold unescaped
    return _jsonl_records(text.split("\n"), ctx)


def read_json(text: str, ctx: ReadContext) -> Iterator[Item]:
    """A JSON array of records, an object with a list of records, or one record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Perhaps JSON Lines saved as .json
        if "\n" in text.strip() and exc.msg == "Extra data":
            yield from read_jsonl(text, ctx)
            return
        yield Rejection(ctx.origin, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", None, _now())
        return
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting too deep
        yield Rejection(ctx.origin, f"invalid JSON: {_json_failure(exc)}", None, _now())
        return
    if isinstance(data, Mapping):
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v)]
        if _lookup(data, ctx.fields.candidates("text")) is None and len(lists) == 1:
            data = lists[0]
        else:
            yield record_to_document(data, ctx, reader="json", locator="record 1")
            return
    if not isinstance(data, list):
        yield Rejection(ctx.origin, f"expected a JSON array or object, got {type(data).__name__}", None, _now())
        return
    if not data:
        yield Rejection(ctx.origin, "empty JSON array: no records", None, _now())
    for number, record in enumerate(data, start=1):
        yield record_to_document(record, ctx, reader="json", locator=f"record {number}")


def read_csv(text: str, ctx: ReadContext, *, delimiter: str | None = None) -> Iterator[Item]:
    """A CSV (or TSV) file with a header row: one document per row.

    A quoted field left open swallows every following line up to the end of the file; such a row
    is rejected (naming the line where it starts) and reading resumes at the line after it."""
    return read_csv_lines(iter(_split_lines(text)), ctx, delimiter=delimiter)


#: the longest CSV record (all its lines) or JSON Lines record read, in characters: a quoted field
#: still open after this many is taken for one that is never closed
MAX_RECORD_CHARS = 50_000_000


def read_csv_lines(lines: Iterator[str], ctx: ReadContext, *, delimiter: str | None = None,
                   max_record: int = MAX_RECORD_CHARS) -> Iterator[Item]:
    """:func:`read_csv` over lines as they are read (each ending in "\n" but the last), holding
    one record in memory at a time: a file of any size is read in constant memory."""
    csv.field_size_limit(1 << 30)
    first = next(lines, "")
    if delimiter is None:
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header = next(csv.reader(iter([first]), delimiter=delimiter), []) if first else []
    if not header or not any(h.strip() for h in header):
        yield Rejection(ctx.origin, "empty CSV: no header row", None, _now())
        return
    if _lookup({h: 1 for h in header}, ctx.fields.candidates("text")) is None:
        names = " or ".join(repr(n) for n in ctx.fields.candidates("text"))
        yield Rejection(
            ctx.origin,
            f"no text column ({names}) in the header {header}; map one with --field text=COLUMN",
            "header",
            _now(),
        )
        return
    rows = 0
    for line_no, cells in _csv_records(lines, delimiter, max_record):
        rows += 1
        if isinstance(cells, str):
            yield Rejection(ctx.origin, cells, f"row {line_no}", _now())
            continue
        row = dict(zip(header, cells))
        if len(cells) > len(header):  # more cells than header columns
            row["_extra"] = cells[len(header):]
        yield record_to_document(row, ctx, reader="csv", locator=f"row {line_no}")
    if not rows:
        yield Rejection(ctx.origin, "no rows: the CSV holds a header only", None, _now())


class _RecordTooLong(Exception):
    pass


_OPEN_QUOTE = ("a quoted field is never closed, so the row would swallow every line after it: rejected; "
               "reading goes on at the next line")


def _csv_records(lines: Iterator[str], delimiter: str,
                 max_record: int = MAX_RECORD_CHARS) -> Iterator[tuple[int, list[str] | str]]:
    """(1-based line where a record starts, its cells or the reason it is rejected), after the
    header line. Records are read strictly so that a quote left open is noticed; a record that is
    only untidy (text after a closing quote) is read again leniently, as a spreadsheet would.
    Only the lines of the record being read are held (and given back to be read again when the
    record is rejected or read again)."""
    replay: deque[str] = deque()
    line_no = 1  # lines consumed so far (the header is line 1)

    def next_line() -> str | None:
        if replay:
            return replay.popleft()
        return next(lines, None)

    while True:
        held: list[str] = []
        size = 0

        def feed() -> Iterator[str]:
            nonlocal size
            while True:
                line = next_line()
                if line is None:
                    return
                held.append(line)
                size += len(line)
                if size > max_record:
                    raise _RecordTooLong
                yield line

        start = line_no + 1
        try:
            cells = next(csv.reader(feed(), delimiter=delimiter, strict=True), None)
        except (csv.Error, _RecordTooLong) as exc:
            if isinstance(exc, _RecordTooLong) or "end of data" in str(exc):
                yield start, _OPEN_QUOTE
                replay.extendleft(reversed(held[1:]))
                line_no += 1
                continue
            replay.extendleft(reversed(held))
            held.clear()
            size = 0
            try:
                cells = next(csv.reader(feed(), delimiter=delimiter, strict=False), None)
            except (csv.Error, _RecordTooLong) as again:
                reason = _OPEN_QUOTE if isinstance(again, _RecordTooLong) else f"malformed CSV: {again}"
                yield start, reason
                replay.extendleft(reversed(held[1:]))
                line_no += 1
                continue
        if cells is None:
            return
        line_no += max(1, len(held))
        if cells and any(c.strip() for c in cells):
            yield start, cells


# ------------------------------------------------------------------- archives, streamed
#: formats read from a file as a stream of records, in constant memory (files of any size)
STREAMED_FORMATS = ("jsonl", "csv", "parquet")
PARQUET_EXTENSIONS = (".parquet", ".pq")
#: Parquet rows read at a time
PARQUET_BATCH_ROWS = 2048

pyarrow_parquet = lazy_module("pyarrow.parquet")


def read_stream(fh: BinaryIO, fmt: str, ctx: ReadContext, *, max_record: int = MAX_RECORD_CHARS) -> Iterator[Item]:
    """The records of an open binary file of format ``jsonl``, ``csv`` or ``parquet``, read as the
    file is read: one record (or one batch of Parquet rows) in memory at a time, each record
    rejected on its own as :func:`read_jsonl` and :func:`read_csv` would. A text file whose first
    bytes say UTF-16 or UTF-32 is read whole, as before (its lines cannot be cut on bytes)."""
    if fmt == "parquet":
        yield from read_parquet(fh, ctx)
        return
    head = fh.read(8192)
    if not head:
        yield Rejection(ctx.origin, "empty file", None, _now())
        return
    even = head[: len(head) - len(head) % 4]
    wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) \
        or (b"\x00" in head and (_utf16_without_bom(even) is not None or _utf32_without_bom(even) is not None))
    if wide:
        text = decode(head + fh.read(), ctx.origin, line_records=True)
        if isinstance(text, Rejection):
            yield text
        else:
            yield from read_text_as(fmt, text, ctx)
        return
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        control = sum(1 for b in head if b < 9 or 13 < b < 32)
        if exc.start < len(head) - 4 and control > len(head) * 0.05:
            yield Rejection(ctx.origin, "binary file: not valid UTF-8 text", None, _now())
            return
    lines = _decoded_lines(head, fh, ctx, max_record)
    if fmt == "csv":
        undecodable: list[Rejection] = []
        yield from read_csv_lines(_lines_only(lines, undecodable), ctx, max_record=max_record)
        yield from undecodable
        return
    yield from _jsonl_records(lines, ctx)


def _lines_only(lines: Iterable[str | Rejection], undecodable: list[Rejection]) -> Iterator[str]:
    """The text lines; a line that could not be decoded stands as an empty line, its rejection
    kept in ``undecodable`` (reported after the rows)."""
    for line in lines:
        if isinstance(line, Rejection):
            undecodable.append(line)
            yield "\n"
        else:
            yield line


def _decoded_lines(head: bytes, fh: BinaryIO, ctx: ReadContext, limit: int) -> Iterator[str | Rejection]:
    """The file's lines ("\n" ends them, kept), each decoded as UTF-8, else cp1251 (old Cyrillic
    exports, glued to UTF-8 ones); a line that is neither, or longer than ``limit`` bytes, is a
    Rejection naming it."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    rest = io.BufferedReader(_Prepended(head, fh))
    number = 0
    while True:
        raw = rest.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip to the end of that line
                raw = rest.readline(1 << 20)
            yield Rejection(ctx.origin, f"a line longer than {limit:,} bytes", f"line {number}", _now())
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield raw.decode("cp1251")
            except UnicodeDecodeError:
                yield Rejection(ctx.origin, "cannot decode the line as UTF-8 or cp1251", f"line {number}", _now())


class _Prepended(io.RawIOBase):
    """``head`` then the rest of ``fh``: the bytes already read to sniff the file, given back."""

    def __init__(self, head: bytes, fh: BinaryIO):
        self._head = memoryview(head)
        self._fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._fh.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _jsonl_records(lines: Iterable[str | Rejection], ctx: ReadContext) -> Iterator[Item]:
    records = 0
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Rejection):
            records += 1
            yield line
            continue
        item = _jsonl_line(line, number, ctx)
        if item is not None:
            records += 1
            yield item
    if not records:
        yield Rejection(ctx.origin, "no records: the file holds only blank lines", None, _now())


def _jsonl_line(line: str, number: int, ctx: ReadContext) -> Item | None:
    """One line of a JSON Lines file as a Document or a Rejection (None: a blank line)."""
    line = line.removesuffix("\n").removesuffix("\r")
    if not line.strip():
        return None
    locator = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejection(ctx.origin, f"invalid JSON: {exc.msg} at column {exc.colno}", locator, _now())
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting too deep
        return Rejection(ctx.origin, f"invalid JSON: {_json_failure(exc)}", locator, _now())
    return record_to_document(record, ctx, reader="jsonl", locator=locator)


def read_parquet(source: Any, ctx: ReadContext, *, batch_rows: int = PARQUET_BATCH_ROWS) -> Iterator[Item]:
    """A Parquet file (a path or an open binary file): one document per row, read a batch of rows
    at a time; fields mapped as for JSON and CSV records (``--field text=COLUMN``)."""
    number = 0
    try:
        pf = pyarrow_parquet.ParquetFile(source)
        for batch in pf.iter_batches(batch_size=batch_rows):
            for record in batch.to_pylist():
                number += 1
                yield record_to_document(record, ctx, reader="parquet", locator=f"row {number}")
    except (OSError, ValueError, TypeError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield Rejection(ctx.origin, f"not a readable Parquet file: {type(exc).__name__}: {exc}",
                        f"row {number + 1}" if number else None, _now())
        return
    if not number:
        yield Rejection(ctx.origin, "no rows: the Parquet file is empty", None, _now())


def _split_lines(text: str) -> list[str]:
    """Lines ended by "\n" (or "\r\n") only, ends kept: CSV fields may hold other Unicode breaks."""
    out = text.split("\n")
    return [line + "\n" for line in out[:-1]] + ([out[-1]] if out[-1] else [])


def read_feed(data: bytes | str, ctx: ReadContext, *, follow: bool = False, fetcher=None) -> Iterator[Item]:
    """An RSS or Atom feed: one document per entry (its content, or its page when ``follow``)."""
    try:
        parsed = feedparser.parse(_no_surrogate_references(data))
    except (xml.sax.SAXException, ValueError, TypeError, LookupError) as exc:  # malformed markup
        yield Rejection(ctx.origin, f"not a readable RSS/Atom feed: {type(exc).__name__}: {exc}", None, _now())
        return
    if parsed.bozo and not parsed.entries:
        yield Rejection(ctx.origin, f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}", None, _now())
        return
    if not parsed.entries:
        yield Rejection(ctx.origin, "the feed has no entries", None, _now())
        return
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        locator = f"entry {number}" + (f" {link}" if link else "")
        published = parse_date(entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published"))
        meta = {
            "feed": feed_title,
            "feed_url": ctx.url or ctx.origin,
            "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
        }
        if follow and link and fetcher is not None:
            sub = ReadContext(origin=link, fields=ctx.fields, source=ctx.source, language=ctx.language, url=link,
                              languages=ctx.languages, earliest=ctx.earliest,
                              latest=ctx.latest)
            got_page = False
            for item in fetcher(link, sub):
                if isinstance(item, Document):
                    got_page = True
                    item = replace(
                        item,
                        title=item.title or entry.get("title"),
                        published=item.published or published,
                        external_id=item.external_id or entry.get("id"),
                        metadata={**meta, **dict(item.metadata)},
                    )
                yield item
            if got_page:
                continue
            # the page could not be read (reported above): fall back to the entry's own content
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "")
        text = _html_to_text(content) if "<" in content else html.unescape(content)
        yield make_document(
            text,
            ctx,
            reader="feed",
            locator=locator,
            title=entry.get("title"),
            url=link,
            published=published,
            language=entry.get("language") or parsed.feed.get("language"),
            source=ctx.source or _host(link) or feed_title,
            author=entry.get("author"),
            external_id=entry.get("id"),
            metadata=meta,
        )


_CHAR_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]+|[0-9]+);")
_CHAR_REFERENCE_BYTES = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")


def _no_surrogate_references(data: bytes | str) -> bytes | str:
    """``&#xD800;`` and other references to no character made U+FFFD, as HTML parsers do
    (feedparser turns them into unpaired surrogates, or fails on them)."""
    def fix(m):
        ref = m.group(1)
        ref = ref.decode("ascii") if isinstance(ref, bytes) else ref
        digits = ref[1:].lstrip("0") if ref[0] in "xX" else ref.lstrip("0")
        value = 0x110000 if len(digits) > 8 else int(ref[1:], 16) if ref[0] in "xX" else int(ref)
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            return "&#xFFFD;" if isinstance(data, str) else b"&#xFFFD;"
        return m.group(0)

    if isinstance(data, str):
        return _CHAR_REFERENCE.sub(fix, data) if "&#" in data else data
    return _CHAR_REFERENCE_BYTES.sub(fix, data) if b"&#" in data else data


def _html_to_text(fragment: str) -> str:
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):  # not markup lxml can parse: strip the tags
        return re.sub(r"<[^>]+>", " ", fragment)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote"):
        el.tail = "\n\n" + (el.tail or "")
    blocks.append(root.text_content())
    return re.sub(r"\n{3,}", "\n\n", "".join(blocks)).strip()


def sniff(text: str) -> str:
    """The format of text with no telling extension: feed, html, json, jsonl or text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if "<rss" in head or "<feed" in head or "<rdf" in head:
            return "feed"
        return "html" if "<html" in head else "feed"
    if head.startswith("<!doctype html") or head.startswith("<html") or re.match(r"<(head|body|div|p)\b", head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "text"


def format_for(name: str, text: str | None = None, content_type: str | None = None) -> str:
    """The reader to use for a file name (by extension), a content type, or the text itself."""
    lower = name.lower().split("?")[0]
    if lower.endswith(PARQUET_EXTENSIONS):
        return "parquet"
    if lower.endswith(JSONL_EXTENSIONS):
        return "jsonl"
    if lower.endswith(JSON_EXTENSIONS):
        return "json"
    if lower.endswith(CSV_EXTENSIONS):
        return "csv"
    if lower.endswith(HTML_EXTENSIONS):
        return "html"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith(TEXT_EXTENSIONS):
        return "markdown" if lower.endswith((".md", ".markdown")) else "text"
    if content_type:
        ct = content_type.lower()
        if "html" in ct:
            return "html"
        if "rss" in ct or "atom" in ct or ct.endswith("/xml"):
            return "feed"
        if "ndjson" in ct or "jsonl" in ct:
            return "jsonl"
        if "json" in ct:
            return "json"
        if "csv" in ct:
            return "csv"
    return sniff(text or "")


def read_text_as(fmt: str, text: str, ctx: ReadContext, **kwargs: Any) -> Iterator[Item]:
    if fmt == "jsonl":
        return read_jsonl(text, ctx)
    if fmt == "json":
        return read_json(text, ctx)
    if fmt == "csv":
        return read_csv(text, ctx)
    if fmt == "html":
        return read_html(text, ctx)
    if fmt == "feed":
        return read_feed(text, ctx, **kwargs)
    return read_text(text, ctx, reader="markdown" if fmt == "markdown" else "text")
