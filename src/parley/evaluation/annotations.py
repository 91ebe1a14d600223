"""The annotated corpus: statements marked by hand on real text, kept as offsets into the corpora.

The shared corpora (``../shared/corpora``) carry no licence to copy their texts, so an annotation
file holds only pointers: the corpus, the record, the field (``text`` or ``title``), an optional
cut (the first ``cut`` characters), a checksum of the text it points into, and for each statement
its character offsets and the fields of ``../shared/gold/GUIDELINES.md`` (speaker, side, kind,
signals, conditional) plus ``theatre`` and ``target`` for the signal coder. :func:`load`
rebuilds the documents from the corpora and checks every checksum, so an annotation can never
silently point at other text.

One line of an annotation file (``annotations/*.jsonl`` of the repository)::

    {"corpus": "ria-telegram-2024", "record": "271580", "field": "text", "cut": null,
     "sha1": "…", "language": "ru", "genre": "ru-telegram", "source": "rian_ru",
     "split": "train", "annotator": "a4",
     "statements": [{"start": 0, "end": 137, "speaker": "Dmitry Peskov", "side": "RU",
                     "mention": [150, 156], "cue": [138, 144], "kind": "indirect",
                     "signals": ["PRAISE"], "conditional": null,
                     "theatre": "russia-ukraine", "target": "QA"}]}

Annotators write *drafts* instead, where every span is given as the exact text it covers (or, for
a long span, as ``from`` its first words ``to`` its last words; with ``occurrence`` when it appears
more than once; ``mention`` and ``cue`` as words found nearest the statement); ``python -m parley.evaluation.annotations resolve DRAFT -o FILE`` turns a draft into
offsets and reports, per document and statement, anything it cannot place. The same module
prints a record's text with offsets (``text``), lists a corpus's records (``list``), counts
(``stats``) and measures agreement between two passes over the same documents (``agree``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import json
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Document

#: The signal codes of ``../shared/gold/GUIDELINES.md``.
SIGNALS: tuple[str, ...] = (
    "OFFER_TALKS",
    "SET_CONDITIONS",
    "REJECT",
    "CEASEFIRE",
    "AGREE",
    "CONCEDE",
    "THREATEN",
    "ACCUSE",
    "PRAISE",
    "COOPERATE",
    "SANCTION",
)
#: What a statement is about: the war in Ukraine (and its settlement), the Middle East, a
#: bilateral relationship not about a war, anything else.
THEATRES: tuple[str, ...] = ("russia-ukraine", "middle-east", "bilateral", "other")
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
SPLITS: tuple[str, ...] = ("train", "dev", "blind")
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
GENRES: tuple[str, ...] = (
    "en-wire",  # English news agencies and papers
    "en-commentary",  # English analysis, opinion, features (machine translations included)
    "en-transcript",  # English transcripts with labelled turns (briefings, news conferences)
    "en-official",  # English official releases, readouts, statements and channel posts
    "en-speech",  # English speeches and addresses (one speaker)
    "ru-news",
    "ru-telegram",
    "ru-headline",
    "uk-news",
    "uk-official",  # Ukrainian official addresses and statements
    "uk-headline",
)
_SIDE = re.compile(r"^(?:[A-Z]{2}|EU|NATO|UN|OSCE|ICRC|IAEA)$")


# ------------------------------------------------------------------------------------ corpora
@dataclass(frozen=True, slots=True)
class CorpusRecord:
    """One record of a shared corpus, with the fields an annotation can point into."""

    corpus: str
    record: str
    text: str
    title: str | None
    published: dt.date | None
    url: str | None
    language: str
    source: str  # the outlet, section or publisher the record comes from

    def field_text(self, name: str) -> str:
        if name == "text":
            return self.text
        if name == "title":
            if not self.title:
                raise InputError(f"{self.corpus}/{self.record}", "the record has no title")
            return self.title
        raise InputError(f"{self.corpus}/{self.record}", f"unknown field {name!r}; use 'text' or 'title'")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _read_kremlin(root: Path) -> Iterator[CorpusRecord]:
    csv.field_size_limit(sys.maxsize)
    for stem, source in (("putin", "en.kremlin.ru"), ("zelenskyy", "president.gov.ua")):
        with (root / f"{stem}_press_releases_en.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                slug = row["link"].rstrip("/").rsplit("/", 1)[-1]
                yield CorpusRecord("kremlin-zelensky-press-2021-22", f"{stem}/{slug}", row["body"] or "",
                                   row.get("headline"), _date(row.get("date")), row["link"], "en", source)


def _read_ria(root: Path) -> Iterator[CorpusRecord]:
    with (root / "ria_novosti_telegram_2024.json").open(encoding="utf-8") as fh:
        for r in json.load(fh):
            yield CorpusRecord("ria-telegram-2024", str(r["message_id"]), r.get("text") or "", None,
                               _date(r.get("date")), f"https://t.me/rian_ru/{r['message_id']}", "ru", "rian_ru")


def _read_ua_officials(root: Path) -> Iterator[CorpusRecord]:
    seen: Counter[str] = Counter()
    for r in _jsonl(root / "ua_officials_statements_2022.jsonl"):
        key = f"{r['id']}/{r['lang']}"
        seen[key] += 1
        if seen[key] > 1:
            key += f"#{seen[key]}"
        speakers = r.get("speaker") or ["?"]
        yield CorpusRecord("ua-officials-2022", key, r.get("text") or "", r.get("name"), _date(r.get("date")),
                           r.get("url"), r["lang"], speakers[0])


def _jsonl_reader(corpus: str, filename: str, source_field: str | None, default_source: str):
    def read(root: Path) -> Iterator[CorpusRecord]:
        for r in _jsonl(root / filename):
            src = (r.get(source_field) if source_field else None) or default_source
            yield CorpusRecord(corpus, str(r["id"]), r.get("text") or "", r.get("title"), _date(r.get("date")),
                               r.get("url"), r.get("lang") or "en", str(src))

    return read


_READERS = {
    "kremlin-zelensky-press-2021-22": _read_kremlin,
    "ria-telegram-2024": _read_ria,
    "ua-officials-2022": _read_ua_officials,
    "rbc-news-ru-2025-07": _jsonl_reader("rbc-news-ru-2025-07", "rbc_news_ru_2025-07.jsonl", "section", "rbc.ru"),
    "ua-by-outlets-en-2022-24": _jsonl_reader(
        "ua-by-outlets-en-2022-24", "ua_by_outlets_en_2022-2024.jsonl", "country", "?"
    ),
    "whitehouse-briefings-2024-26": _jsonl_reader(
        "whitehouse-briefings-2024-26", "whitehouse_briefings_2024_2026.jsonl", "section", "whitehouse.gov"
    ),
    "zelenskyy-speeches-en-2022-23": _jsonl_reader(
        "zelenskyy-speeches-en-2022-23", "zelenskyy_speeches_en_2022-07_2023-06.jsonl", None, "president.gov.ua"
    ),
    "ukrainian-news-2024-11": _jsonl_reader(
        "ukrainian-news-2024-11", "ukrainian_news_2024-11-13_14.jsonl", "outlet", "?"
    ),
}
CORPORA: tuple[str, ...] = tuple(_READERS)


def default_corpora() -> Path:
    """``$PARLEY_SHARED/corpora``, else ``../shared/corpora`` seen from the working directory or
    from the source tree."""
    if os.environ.get("PARLEY_SHARED"):
        return Path(os.environ["PARLEY_SHARED"]) / "corpora"
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        cand = base.parent / "shared" / "corpora"
        if cand.is_dir():
            return cand
    return Path.cwd().parent / "shared" / "corpora"


@functools.lru_cache(maxsize=16)
def _records(corpora: str, corpus: str) -> dict[str, CorpusRecord]:
    if corpus not in _READERS:
        raise InputError(corpus, f"not an annotatable corpus; known: {', '.join(CORPORA)}")
    root = Path(corpora) / corpus
    if not root.is_dir():
        raise InputError(str(root), "corpus folder not found (is ../shared/corpora present?)")
    return {r.record: r for r in _READERS[corpus](root)}


def corpus_records(corpus: str, corpora: Path | None = None) -> dict[str, CorpusRecord]:
    """Every record of ``corpus`` by its record key."""
    return _records(str(corpora or default_corpora()), corpus)


def record(corpus: str, key: str, corpora: Path | None = None) -> CorpusRecord:
    recs = corpus_records(corpus, corpora)
    if key not in recs:
        raise InputError(f"{corpus}/{key}", "no such record in the corpus")
    return recs[key]


def materialize(corpus: str, key: str, field_name: str = "text", cut: int | None = None,
                corpora: Path | None = None) -> str:
    """The text an annotation points into: the record's field, cut to its first ``cut`` characters."""
    text = record(corpus, key, corpora).field_text(field_name)
    return text[:cut] if cut else text


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# -------------------------------------------------------------------------------- annotations
@dataclass(frozen=True, slots=True)
class AnnotatedStatement:
    """A statement marked by hand: its content span and the fields of the guidelines."""

    start: int
    end: int
    speaker: str | None
    side: str | None
    kind: str
    signals: tuple[str, ...] = ()
    conditional: bool | None = None
    mention: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    theatre: str | None = None
    target: str | None = None
    doc_id: str = ""  # the Document id, for matching


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document rebuilt from the corpora with its hand-marked statements and where it belongs."""

    document: Document
    corpus: str
    record: str
    field: str
    cut: int | None
    genre: str
    source: str
    split: str
    annotator: str | None
    statements: tuple[AnnotatedStatement, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.record}/{self.field}"

    @property
    def language(self) -> str:
        return self.document.language or "en"

    def span_text(self, span: tuple[int, int] | None) -> str | None:
        return None if span is None else self.document.text[span[0] : span[1]]


def _check_statement(where: str, s: dict[str, Any], n: int) -> list[str]:
    errs = []
    if s.get("kind") not in KINDS:
        errs.append(f"{where}: kind {s.get('kind')!r} is not one of {', '.join(KINDS)}")
    bad = [c for c in s.get("signals") or () if c not in SIGNALS]
    if bad:
        errs.append(f"{where}: unknown signal code(s) {', '.join(bad)}; known: {', '.join(SIGNALS)}")
    if s.get("conditional") not in (None, True, False):
        errs.append(f"{where}: conditional must be true, false or null")
    if s.get("theatre") not in (None, *THEATRES):
        errs.append(f"{where}: theatre {s.get('theatre')!r} is not one of {', '.join(THEATRES)}")
    for key in ("side", "target"):
        v = s.get(key)
        if v is not None and not _SIDE.match(str(v)):
            errs.append(f"{where}: {key} {v!r} is not an ISO 3166 alpha-2 code, EU, NATO, UN, OSCE, ICRC or IAEA")
    if not (s.get("speaker") or "").strip():
        errs.append(f"{where}: no speaker")
    return errs


def _parse_doc(rec: dict[str, Any], where: str, corpora: Path | None) -> AnnotatedDocument:
    for key in ("corpus", "record", "language", "genre", "split"):
        if not rec.get(key):
            raise InputError(where, f"missing {key!r}")
    if rec["split"] not in SPLITS:
        raise InputError(where, f"split {rec['split']!r} is not one of {', '.join(SPLITS)}")
    if rec["genre"] not in GENRES:
        raise InputError(where, f"genre {rec['genre']!r} is not one of {', '.join(GENRES)}")
    if rec["language"] not in LANGUAGES:
        raise InputError(where, f"language {rec['language']!r} is not one of {', '.join(LANGUAGES)}")
    fld = rec.get("field") or "text"
    src = record(rec["corpus"], str(rec["record"]), corpora)
    text = materialize(rec["corpus"], str(rec["record"]), fld, rec.get("cut"), corpora)
    if rec.get("sha1") and rec["sha1"] != sha1(text):
        raise InputError(where, "the corpus text differs from the one annotated (checksum mismatch)")
    doc = Document.create(
        text,
        title=src.title if fld == "text" else None,
        source=rec.get("source") or src.source,
        url=src.url,
        published=src.published,
        language=rec["language"],
        external_id=f"{rec['corpus']}/{rec['record']}/{fld}",
    )
    stmts = []
    errs: list[str] = []
    for n, s in enumerate(rec.get("statements") or ()):
        w = f"{where}, statement {n}"
        errs += _check_statement(w, s, n)
        start, end = int(s["start"]), int(s["end"])
        if not 0 <= start < end <= len(text):
            errs.append(f"{w}: span {start}:{end} outside the text (length {len(text)})")
        spans = {}
        for key in ("mention", "cue"):
            v = s.get(key)
            if v is not None:
                if not (isinstance(v, list) and len(v) == 2 and 0 <= v[0] < v[1] <= len(text)):
                    errs.append(f"{w}: {key} must be [start, end] inside the text or null")
                    v = None
                spans[key] = tuple(v) if v is not None else None
        stmts.append(
            AnnotatedStatement(
                start, end, s.get("speaker"), s.get("side"), s.get("kind", "indirect"),
                tuple(s.get("signals") or ()), s.get("conditional"), spans.get("mention"), spans.get("cue"),
                s.get("theatre"), s.get("target"), doc.id,
            )
        )
    if errs:
        raise InputError(where, "; ".join(errs[:5]) + (f" (and {len(errs) - 5} more)" if len(errs) > 5 else ""))
    return AnnotatedDocument(doc, rec["corpus"], str(rec["record"]), fld, rec.get("cut"), rec["genre"],
                             rec.get("source") or src.source, rec["split"], rec.get("annotator"), tuple(stmts))


def split_unit(doc: AnnotatedDocument) -> tuple[str, str]:
    """The source a document's split is decided by: its corpus and outlet, office or section;
    for the White House corpus, the period (2024: the Biden White House; 2025–26, which opens
    with its last three weeks, then the Trump White House)."""
    if doc.corpus == "whitehouse-briefings-2024-26":
        pub = doc.document.published
        return doc.corpus, "2024" if pub is not None and pub.year <= 2024 else "2025-26"
    return doc.corpus, doc.source


def default_dir() -> Path:
    """The repository's ``annotations/`` folder."""
    return Path(__file__).resolve().parents[3] / "annotations"


def annotation_files(path: Path | None = None, *, second_pass: bool = False) -> list[Path]:
    """The annotation files under ``path`` (a file or a folder); second passes live in
    ``second-pass/`` and are only read by :func:`agreement`."""
    path = Path(path or default_dir())
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(str(path), "no annotation file or folder there")
    sub = path / "second-pass" if second_pass else path
    return sorted(sub.glob("*.jsonl"))


def load(
    path: Path | None = None,
    corpora: Path | None = None,
    *,
    split: str | Sequence[str] | None = None,
    language: str | None = None,
    genre: str | None = None,
    second_pass: bool = False,
) -> list[AnnotatedDocument]:
    """The annotated documents under ``path``, rebuilt from ``corpora`` and filtered."""
    splits = {split} if isinstance(split, str) else set(split) if split else None
    out = []
    for f in annotation_files(path, second_pass=second_pass):
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{f.name}:{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(where, f"invalid JSON: {exc}") from None
                if splits and rec.get("split") not in splits:
                    continue
                if language and rec.get("language") != language:
                    continue
                if genre and rec.get("genre") != genre:
                    continue
                out.append(_parse_doc(rec, where, corpora))
    return out


# ------------------------------------------------------------------------------------- drafts
def _find(
    text: str, needle: str, occurrence: int = 1, near: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """The span of ``needle`` in ``text``: its n-th occurrence, or the one nearest the span
    ``near`` (before or after it; one inside it only when there is no other), never one that
    starts or ends inside a word."""
    if not needle:
        return None
    hits = [m.start() for m in re.finditer(re.escape(needle), text)]
    if not hits:
        # tolerate whitespace differences (non-breaking spaces, line breaks)
        pat = r"\s+".join(re.escape(w) for w in needle.split())
        hits = [m.start() for m in re.finditer(pat, text)]
        if not hits:
            return None
        m = re.compile(pat)
        spans = [(h, m.match(text, h).end()) for h in hits]  # type: ignore[union-attr]
    else:
        spans = [(h, h + len(needle)) for h in hits]
    if near is not None:
        def whole(sp: tuple[int, int]) -> bool:
            before = text[sp[0] - 1] if sp[0] > 0 else " "
            after = text[sp[1]] if sp[1] < len(text) else " "
            return not ((before.isalnum() and needle[:1].isalnum()) or (after.isalnum() and needle[-1:].isalnum()))

        def distance(sp: tuple[int, int]) -> tuple[int, int]:
            if sp[1] <= near[0]:
                return (0, near[0] - sp[1])
            if sp[0] >= near[1]:
                return (0, sp[0] - near[1])
            return (1, 0)  # inside the statement's own span: a last resort

        candidates = [sp for sp in spans if whole(sp)] or spans
        return min(candidates, key=distance)
    if occurrence > len(spans):
        return None
    return spans[occurrence - 1]


def resolve_draft(path: Path, corpora: Path | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Annotation records with offsets from a draft file, and the problems found (each naming the
    document and statement). Documents with problems are left out of the records."""
    out, problems = [], []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{Path(path).name}:{n}"
            try:
                d = json.loads(line)
                text = materialize(d["corpus"], str(d["record"]), d.get("field") or "text", d.get("cut"), corpora)
            except (json.JSONDecodeError, KeyError, InputError) as exc:
                problems.append(f"{where}: {exc}")
                continue
            where += f" ({d['corpus']}/{d['record']})"
            stmts, bad = [], []
            for k, s in enumerate(d.get("statements") or ()):
                w = f"{where}, statement {k}"
                if s.get("text"):
                    span = _find(text, s["text"], int(s.get("occurrence") or 1))
                elif s.get("from") and s.get("to"):
                    # a long span given by its first and last words
                    head = _find(text, s["from"], int(s.get("occurrence") or 1))
                    tail = _find(text[head[0]:], s["to"]) if head else None
                    span = (head[0], head[0] + tail[1]) if head and tail else None
                else:
                    span = None
                if span is None:
                    shown = s.get("text") or f"{s.get('from')!r} … {s.get('to')!r}"
                    bad.append(f"{w}: span not found (or occurrence too high): {str(shown)[:80]!r}")
                    continue
                rec = {"start": span[0], "end": span[1]}
                for key in ("mention", "cue"):
                    v = s.get(key)
                    if v:
                        sp = _find(text, v, near=span)
                        if sp is None:
                            bad.append(f"{w}: {key} {v!r} not found in the text")
                        rec[key] = list(sp) if sp else None
                    else:
                        rec[key] = None
                for key in ("speaker", "side", "kind", "signals", "conditional", "theatre", "target"):
                    rec[key] = s.get(key)
                rec["signals"] = list(rec["signals"] or [])
                bad += _check_statement(w, rec, k)
                stmts.append(rec)
            if bad:
                problems += bad
                continue
            out.append(
                {
                    "corpus": d["corpus"],
                    "record": str(d["record"]),
                    "field": d.get("field") or "text",
                    "cut": d.get("cut"),
                    "sha1": sha1(text),
                    "language": d.get("language"),
                    "genre": d.get("genre"),
                    "source": d.get("source") or record(d["corpus"], str(d["record"]), corpora).source,
                    "split": d.get("split"),
                    "annotator": d.get("annotator"),
                    "statements": sorted(stmts, key=lambda s: (s["start"], s["end"])),
                }
            )
            try:
                _parse_doc(out[-1], where, corpora)
            except InputError as exc:
                problems.append(str(exc))
                out.pop()
    return out, problems


# ----------------------------------------------------------------------------------- agreement
def _overlap_ok(a0: int, a1: int, b0: int, b1: int) -> bool:
    ov = min(a1, b1) - max(a0, b0)
    return ov > 0 and 2 * ov >= min(a1 - a0, b1 - b0)


def _surname(name: str | None) -> str:
    words = re.findall(r"[\w'\-]+", (name or "").lower())
    return words[-1] if words else ""


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement between two passes over the same documents."""

    language: str
    documents: int
    first: int
    second: int
    statement_f1: float  # spans overlapping by half the shorter, either direction
    speaker_agreement: float  # same surname, over matched pairs
    signal_f1: float  # micro-F1 of signal codes over matched pairs
    signal_kappa: float  # Cohen's kappa over (pair, code) presence

    def as_dict(self) -> dict[str, Any]:
        out = {}
        for name in self.__dataclass_fields__:
            v = getattr(self, name)
            out[name] = round(v, 4) if isinstance(v, float) else v
        return out


def agreement(first: Iterable[AnnotatedDocument], second: Iterable[AnnotatedDocument]) -> list[Agreement]:
    """Per language, how far two independent passes over the same documents agree."""
    a = {d.key: d for d in first}
    b = {d.key: d for d in second}
    by_lang: dict[str, list[tuple[AnnotatedDocument, AnnotatedDocument]]] = {}
    for k in sorted(set(a) & set(b)):
        by_lang.setdefault(a[k].language, []).append((a[k], b[k]))
    out = []
    for lang, pairs in sorted(by_lang.items()):
        n1 = n2 = m1 = m2 = 0
        sp_ok = sp_n = 0
        tp = fp = fn = 0
        cells = Counter()
        for da, db in pairs:
            sa, sb = da.statements, db.statements
            n1 += len(sa)
            n2 += len(sb)
            m1 += sum(any(_overlap_ok(x.start, x.end, y.start, y.end) for y in sb) for x in sa)
            m2 += sum(any(_overlap_ok(y.start, y.end, x.start, x.end) for x in sa) for y in sb)
            for x in sa:
                # joint acts put several speakers on one span: the counterpart is the overlapping
                # statement of the same speaker when there is one, else the most overlapping one
                best = max(
                    (y for y in sb if _overlap_ok(x.start, x.end, y.start, y.end)),
                    key=lambda y: (_surname(x.speaker) == _surname(y.speaker), min(x.end, y.end) - max(x.start, y.start)),
                    default=None,
                )
                if best is None:
                    continue
                sp_n += 1
                sp_ok += _surname(x.speaker) == _surname(best.speaker)
                ca, cb = set(x.signals), set(best.signals)
                tp += len(ca & cb)
                fp += len(cb - ca)
                fn += len(ca - cb)
                for code in SIGNALS:
                    cells[(code in ca, code in cb)] += 1
        p = m2 / n2 if n2 else 0.0
        r = m1 / n1 if n1 else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sf = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        total = sum(cells.values())
        if total:
            po = (cells[(True, True)] + cells[(False, False)]) / total
            pa = (cells[(True, True)] + cells[(True, False)]) / total
            pb = (cells[(True, True)] + cells[(False, True)]) / total
            pe = pa * pb + (1 - pa) * (1 - pb)
            kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
        else:
            kappa = 0.0
        out.append(Agreement(lang, len(pairs), n1, n2, f, sp_ok / sp_n if sp_n else 0.0, sf, kappa))
    return out


@functools.lru_cache(maxsize=4)
def _gold_keys(gold: str) -> frozenset[str]:
    """``corpus/record`` keys of the documents in the gold files beside the corpora (dev and the
    contradiction documents): new annotation must not repeat them."""
    keys: set[str] = set()
    root = Path(gold)
    zel: list[str] | None = None
    for f in sorted(root.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                ids = [rec.get("id")] if "id" in rec else [rec.get(k, {}).get("doc_id") for k in ("a", "b")]
                for i in ids:
                    host, _, rest = str(i or "").partition(":")
                    if host == "en.kremlin.ru":
                        keys.add(f"kremlin-zelensky-press-2021-22/putin/{rest}")
                    elif host == "president.gov.ua":
                        if zel is None:
                            try:
                                zel = [k for k in corpus_records("kremlin-zelensky-press-2021-22", root.parent / "corpora")
                                       if k.startswith("zelenskyy/")]
                            except InputError:
                                zel = []
                        keys.update(f"kremlin-zelensky-press-2021-22/{k}" for k in zel if k[10:].startswith(rest))
                    elif host == "rian_ru":
                        keys.add(f"ria-telegram-2024/{rest}")
                    elif host == "ua-officials":
                        keys.update({f"ua-officials-2022/{rest}/uk", f"ua-officials-2022/{rest}/en"})
    return frozenset(keys)


def in_gold(corpus: str, key: str, corpora: Path | None = None) -> bool:
    """Whether a record is already one of the gold files' documents."""
    gold = Path(corpora or default_corpora()).parent / "gold"
    return gold.is_dir() and f"{corpus}/{key}" in _gold_keys(str(gold))


# ------------------------------------------------------------------------------------------ CLI
def _cmd_list(args: argparse.Namespace) -> None:
    recs = corpus_records(args.corpus, args.corpora)
    pat = re.compile(args.grep, re.I) if args.grep else None
    for r in recs.values():
        if args.since and (r.published is None or r.published.isoformat() < args.since):
            continue
        if args.until and (r.published is None or r.published.isoformat() > args.until):
            continue
        if args.source and r.source != args.source:
            continue
        if args.language and r.language != args.language:
            continue
        body = r.text
        if pat and not pat.search(body) and not pat.search(r.title or ""):
            continue
        hits = len(pat.findall(body)) if pat else 0
        mark = "GOLD\t" if in_gold(args.corpus, r.record, args.corpora) else ""
        print(f"{mark}{r.record}\t{r.published}\t{r.source}\t{len(body)}\t{hits}\t{(r.title or body[:80]).replace(chr(10), ' ')[:100]}")


def _cmd_text(args: argparse.Namespace) -> None:
    text = materialize(args.corpus, args.record, args.field, args.cut, args.corpora)
    r = record(args.corpus, args.record, args.corpora)
    gold = " IN GOLD: do not annotate" if in_gold(args.corpus, args.record, args.corpora) else ""
    print(f"# {args.corpus}/{args.record} [{args.field}] {r.published} {r.source} length={len(text)}{gold}")
    if args.field == "text" and r.title:
        print(f"# title: {r.title}")
    for m in re.finditer(r"[^\n]+", text):
        print(f"[{m.start()}:{m.end()}] {m.group(0)}")


def _cmd_resolve(args: argparse.Namespace) -> int:
    recs, problems = resolve_draft(args.draft, args.corpora)
    for p in problems:
        print(p, file=sys.stderr)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(recs)} documents, {sum(len(r['statements']) for r in recs)} statements resolved; "
          f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _cmd_stats(args: argparse.Namespace) -> None:
    docs = load(args.path, args.corpora)
    rows: Counter[tuple[str, str, str]] = Counter()
    nst: Counter[tuple[str, str, str]] = Counter()
    sig: Counter[str] = Counter()
    for d in docs:
        k = (d.split, d.language, d.genre)
        rows[k] += 1
        nst[k] += len(d.statements)
        for s in d.statements:
            sig.update(s.signals)
    print("split\tlanguage\tgenre\tdocuments\tstatements")
    for k in sorted(rows):
        print("\t".join(k) + f"\t{rows[k]}\t{nst[k]}")
    print(f"total\t\t\t{len(docs)}\t{sum(nst.values())}")
    print("signals: " + ", ".join(f"{c} {sig[c]}" for c in SIGNALS))


def _cmd_agree(args: argparse.Namespace) -> None:
    first = load(args.first, args.corpora)
    second = load(args.second, args.corpora)
    for a in agreement(first, second):
        print(json.dumps(a.as_dict()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parley.evaluation.annotations", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=None, help="the shared corpora (default ../shared/corpora)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list", help="list a corpus's records: key, date, source, length, hits, title")
    p.add_argument("corpus", choices=CORPORA)
    p.add_argument("--grep", help="only records matching this regular expression (case-insensitive)")
    p.add_argument("--source", help="only records of this source (outlet, section)")
    p.add_argument("--language")
    p.add_argument("--since", help="published on or after (YYYY-MM-DD)")
    p.add_argument("--until", help="published on or before (YYYY-MM-DD)")
    p = sub.add_parser("text", help="print a record's text, one line per paragraph with its offsets")
    p.add_argument("corpus", choices=CORPORA)
    p.add_argument("record")
    p.add_argument("--field", default="text", choices=("text", "title"))
    p.add_argument("--cut", type=int, default=None)
    p = sub.add_parser("resolve", help="turn a draft (spans as text) into an annotation file (offsets)")
    p.add_argument("draft", type=Path)
    p.add_argument("-o", "--output", type=Path)
    p = sub.add_parser("stats", help="documents and statements per split, language and genre")
    p.add_argument("path", type=Path, nargs="?", default=None)
    p = sub.add_parser("agree", help="agreement between two passes over the same documents")
    p.add_argument("first", type=Path)
    p.add_argument("second", type=Path)
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # `list … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        if args.cmd == "list":
            _cmd_list(args)
        elif args.cmd == "text":
            _cmd_text(args)
        elif args.cmd == "resolve":
            return _cmd_resolve(args)
        elif args.cmd == "stats":
            _cmd_stats(args)
        else:
            _cmd_agree(args)
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
