"""Consistency across languages: do parallel texts get the same signal codes?

A statement should not change its meaning with its language. :func:`crosslang_agreement` reads a
JSONL file of records that exist in two languages under one ``id`` (``../shared/corpora/
ua-officials-2022``: Ukrainian originals and their English versions, with ``lang``, ``text``,
``name`` (title), ``speaker`` and ``date``), runs extraction and coding on each text in its own
language, and compares the two document-level sets of codes (the union of the codes of every
statement of the document):

- ``exact``: the share of pairs whose two sets are equal;
- ``jaccard``: the mean Jaccard similarity of the two sets (pairs with two empty sets count 1);
- per code: in how many pairs both, only the first language or only the second carry it, and the
  agreement (both / either).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Document
from .codebook import SIGNAL_CODES


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    code: str
    both: int
    only_a: int
    only_b: int

    @property
    def agreement(self) -> float:
        either = self.both + self.only_a + self.only_b
        return self.both / either if either else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "both": self.both, "only_a": self.only_a, "only_b": self.only_b,
                "agreement": round(self.agreement, 4)}


@dataclass(frozen=True, slots=True)
class CrossLangReport:
    """How often parallel records get the same document-level set of signal codes."""

    languages: tuple[str, str]
    pairs: int
    exact: float
    jaccard: float
    with_codes: int  # pairs where at least one side has a code
    exact_with_codes: float  # exact agreement over those pairs
    per_code: tuple[CodeAgreement, ...]
    disagreements: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        a, b = self.languages
        return {
            "languages": f"{a}/{b}",
            "pairs": self.pairs,
            "exact": round(self.exact, 4),
            "jaccard": round(self.jaccard, 4),
            "pairs_with_codes": self.with_codes,
            "exact_with_codes": round(self.exact_with_codes, 4),
            "per_code": [c.as_dict() for c in self.per_code if c.both + c.only_a + c.only_b],
        }

    def rows(self) -> list[dict[str, Any]]:
        out = [c.as_dict() for c in self.per_code if c.both + c.only_a + c.only_b]
        out.append({"code": "exact", "agreement": round(self.exact, 4), "both": self.pairs})
        out.append({"code": "jaccard", "agreement": round(self.jaccard, 4), "both": self.pairs})
        return out


def read_parallel(path: str | Path, languages: Sequence[str] | None = None) -> list[tuple[Document, Document]]:
    """Pairs of documents that share a record ``id`` in two languages (the first two languages in
    the file's order, or ``languages``), as (first, second)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such parallel file")
    by_id: dict[str, dict[str, Document]] = {}
    seen_langs: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                lang = str(rec.get("lang") or rec.get("language") or "").lower()
                text = rec["text"]
                rid = str(rec["id"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(str(path), f"not a parallel record: {exc}", f"line {n}") from None
            if not lang or not isinstance(text, str) or not text.strip():
                continue
            if lang not in seen_langs:
                seen_langs.append(lang)
            date = rec.get("date") or rec.get("published")
            try:
                published = dt.date.fromisoformat(str(date)[:10]) if date else None
            except ValueError:
                published = None
            speaker = rec.get("speaker")
            doc = Document.create(
                text, title=rec.get("name") or rec.get("title"), language=lang, published=published,
                external_id=rid, source=rec.get("source"), url=rec.get("url"),
                metadata={"speaker": speaker} if speaker else {},
            )
            by_id.setdefault(rid, {})[lang] = doc
    langs = list(languages) if languages else seen_langs[:2]
    if len(langs) != 2:
        raise InputError(str(path), f"a parallel file needs records in two languages; found {', '.join(seen_langs) or 'none'}")
    a, b = langs
    return [(docs[a], docs[b]) for _, docs in sorted(by_id.items()) if a in docs and b in docs]


def document_codes(doc: Document, processor: Any) -> set[str]:
    """The union of the signal codes of a document's statements (extracted and coded)."""
    return {s.code for st in processor.process_one(doc) for s in st.signals}


def crosslang_agreement(
    path: str | Path,
    processor: Any,
    *,
    languages: Sequence[str] | None = None,
    limit: int | None = None,
) -> CrossLangReport:
    """Agreement of the document-level signal codes of parallel records (see the module doc).

    ``processor`` extracts and codes one document (``processor.process_one(doc)``, as
    :class:`parley.pipeline.Processor` does; :meth:`parley.api.Parley.processor` builds one)."""
    pairs = read_parallel(path, languages)
    if limit:
        pairs = pairs[:limit]
    return agreement(((document_codes(a, processor), document_codes(b, processor), a) for a, b in pairs),
                     languages=(pairs[0][0].language or "", pairs[0][1].language or "") if pairs else ("", ""))


def agreement(items: Iterable[tuple[set[str], set[str], Document]], languages: tuple[str, str]) -> CrossLangReport:
    """Score (codes of the first, codes of the second, document) triples."""
    n = exact = with_codes = exact_codes = 0
    jac = 0.0
    both: Counter[str] = Counter()
    only_a: Counter[str] = Counter()
    only_b: Counter[str] = Counter()
    diffs = []
    for ca, cb, doc in items:
        n += 1
        same = ca == cb
        exact += same
        union = ca | cb
        jac += len(ca & cb) / len(union) if union else 1.0
        if union:
            with_codes += 1
            exact_codes += same
        for c in ca & cb:
            both[c] += 1
        for c in ca - cb:
            only_a[c] += 1
        for c in cb - ca:
            only_b[c] += 1
        if not same:
            diffs.append({"id": doc.external_id, "a": sorted(ca), "b": sorted(cb)})
    per = tuple(CodeAgreement(c, both[c], only_a[c], only_b[c]) for c in SIGNAL_CODES)
    return CrossLangReport(
        languages, n, exact / n if n else 0.0, jac / n if n else 0.0, with_codes,
        exact_codes / with_codes if with_codes else 0.0, per, tuple(diffs),
    )
