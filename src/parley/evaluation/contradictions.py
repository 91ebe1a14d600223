"""Scoring the contradiction finder against the hand-made gold pairs (``../shared/gold``).

Matching follows GUIDELINES.md: a predicted statement matches a gold statement of the same
document when their spans overlap by at least half of the shorter span and the speakers agree (the
same canonical name, or the same surname); a predicted pair matches a gold pair when its two
statements match the gold pair's two, in either order. Recall is counted on ``solid`` gold pairs;
precision counts flagged pairs that match any gold pair (solid or medium).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import settings
from ..analysis.contradictions import find_contradictions
from ..api import Parley
from ..errors import InputError
from ..records import Contradiction, Document, Statement


@dataclass(frozen=True, slots=True)
class GoldPair:
    a: Statement
    b: Statement
    why: str
    strength: str


@dataclass(frozen=True, slots=True)
class ContradictionScore:
    """How a set of flagged pairs compares with the gold pairs."""

    window_days: int
    mode: str
    statements: int
    flagged: int
    matched_flags: int  # flags that match some gold pair (solid or medium)
    solid: int
    solid_found: int
    medium: int
    medium_found: int
    found: tuple[int, ...] = ()  # indices of gold pairs found
    missed: tuple[int, ...] = ()  # indices of solid gold pairs missed
    by_rule: Mapping[str, int] = field(default_factory=dict)
    flags: tuple[Contradiction, ...] = ()  # the flagged pairs themselves
    flag_matches: tuple[tuple[int, ...], ...] = ()  # for each flag, the gold pairs it matches

    @property
    def recall_solid(self) -> float:
        return self.solid_found / self.solid if self.solid else 0.0

    @property
    def precision(self) -> float:
        return self.matched_flags / self.flagged if self.flagged else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "window_days": self.window_days,
            "statements": self.statements,
            "flagged": self.flagged,
            "matched_flags": self.matched_flags,
            "precision": round(self.precision, 4),
            "solid": self.solid,
            "solid_found": self.solid_found,
            "recall_solid": round(self.recall_solid, 4),
            "medium": self.medium,
            "medium_found": self.medium_found,
            "found": list(self.found),
            "missed_solid": list(self.missed),
            "by_rule": dict(self.by_rule),
        }


def _read_jsonl(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    out = []
    for i, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"not JSON: {exc.msg}", f"line {i}") from None
    return out


def gold_statement(data: Mapping[str, Any], *, doc_id: str | None = None, published: Any = None) -> Statement:
    """A :class:`Statement` from a gold statement object (codes become signals of confidence 1)."""
    cond = data.get("conditional")
    signals = [
        {"code": c, "confidence": 1.0, "conditional": cond if c in ("OFFER_TALKS", "CEASEFIRE") else None,
         "coder": "gold"}
        for c in data.get("signals") or ()
    ]
    return Statement.from_dict(
        {
            "doc_id": doc_id or data["doc_id"],
            "start": data["start"],
            "end": data["end"],
            "text": data["text"],
            "kind": data.get("kind") or "direct",
            "speaker": data.get("speaker"),
            "side": data.get("side"),
            "mention": data.get("mention"),
            "cue": data.get("cue"),
            "published": published or data.get("published"),
            "signals": signals,
            "extractor": "gold",
        }
    )


def load_gold_pairs(path: str | Path) -> list[GoldPair]:
    """The pairs of a gold contradictions file (``contradictions-dev.jsonl``)."""
    return [
        GoldPair(gold_statement(d["a"]), gold_statement(d["b"]), d.get("why", ""), d.get("strength", "solid"))
        for d in _read_jsonl(path)
    ]


def load_gold_statements(path: str | Path) -> list[Statement]:
    """Every annotated statement of a gold documents file (``dev.jsonl``), doc ids as the file gives them."""
    out = []
    for doc in _read_jsonl(path):
        for st in doc.get("statements") or ():
            out.append(gold_statement(st, doc_id=doc["id"], published=doc.get("published")))
    return out


def load_documents(path: str | Path) -> list[Document]:
    """Documents of a gold documents file, with the file's ``id`` kept as ``external_id``."""
    out = []
    for d in _read_jsonl(path):
        out.append(
            Document.create(
                d["text"], title=d.get("title"), source=d.get("source"), url=d.get("url"),
                published=Document.from_dict({"id": "", "text": "", "published": d.get("published")}).published,
                language=d.get("language"), external_id=d.get("id"), reader="gold",
            )
        )
    return out


def _surname(name: str | None) -> str:
    parts = (name or "").replace(".", " ").split()
    return parts[-1].casefold() if parts else ""


def statements_match(pred: Statement, gold: Statement, *, doc_alias: Mapping[str, str] | None = None) -> bool:
    """The GUIDELINES' match: same document, overlap of at least half the shorter span, same speaker
    (canonical name or surname)."""
    doc = (doc_alias or {}).get(pred.doc_id, pred.doc_id)
    if doc != gold.doc_id:
        return False
    overlap = min(pred.end, gold.end) - max(pred.start, gold.start)
    shorter = min(pred.end - pred.start, gold.end - gold.start)
    if shorter <= 0 or overlap < shorter / 2:
        return False
    if (pred.speaker or "").casefold() == (gold.speaker or "").casefold():
        return True
    return bool(_surname(pred.speaker)) and _surname(pred.speaker) == _surname(gold.speaker)


def score_contradictions(
    predicted: Iterable[Contradiction],
    gold: list[GoldPair],
    *,
    doc_alias: Mapping[str, str] | None = None,
    window_days: int = 0,
    mode: str = "",
    statements: int = 0,
) -> ContradictionScore:
    """Compare flagged pairs with gold pairs (``doc_alias`` maps store doc ids to the gold file's ids)."""
    predicted = list(predicted)

    def pair_matches(c: Contradiction, g: GoldPair) -> bool:
        m = lambda p, q: statements_match(p, q, doc_alias=doc_alias)
        # a flag stands for the repeats folded into it (the same officials on the same subject)
        return any((m(a, g.a) and m(b, g.b)) or (m(a, g.b) and m(b, g.a)) for a, b in ((c.a, c.b), *c.repeats))

    found = set()
    matched = 0
    by_rule: dict[str, int] = {}
    flag_matches = []
    for c in predicted:
        by_rule[c.rule] = by_rule.get(c.rule, 0) + 1
        hits = [i for i, g in enumerate(gold) if pair_matches(c, g)]
        flag_matches.append(tuple(hits))
        if hits:
            matched += 1
            found.update(hits)
    solid = [i for i, g in enumerate(gold) if g.strength == "solid"]
    medium = [i for i, g in enumerate(gold) if g.strength != "solid"]
    return ContradictionScore(
        window_days=window_days,
        mode=mode,
        statements=statements,
        flagged=len(predicted),
        matched_flags=matched,
        solid=len(solid),
        solid_found=sum(1 for i in solid if i in found),
        medium=len(medium),
        medium_found=sum(1 for i in medium if i in found),
        found=tuple(sorted(found)),
        missed=tuple(i for i in solid if i not in found),
        by_rule=by_rule,
        flags=tuple(predicted),
        flag_matches=tuple(flag_matches),
    )


Pipeline = Callable[[list[Document]], Iterable[Statement]]


def evaluate_contradictions(
    gold: str | Path,
    docs: str | Path | None = None,
    *,
    window_days: int | None = None,
    mode: str = "pipeline",
    pipeline: Pipeline | None = None,
    extra_gold: Iterable[str | Path] = (),
    registry=None,
) -> ContradictionScore:
    """Run the finder and score it against the gold pairs.

    ``mode="gold"``: over the gold statements of the pairs (and of ``extra_gold`` files such as
    ``dev.jsonl``, which add statements that must not be paired): tests the rules alone.
    ``mode="pipeline"``: over the statements read from ``docs`` end to end: ingested into an empty
    in-memory store (extracted and coded, see :func:`ingest_pipeline`), or given by
    ``pipeline(documents)`` when passed.
    """
    window = int(settings.default("contradiction_window_days") if window_days is None else window_days)
    pairs = load_gold_pairs(gold)
    alias: dict[str, str] = {}
    if mode == "gold":
        statements = {}
        for p in pairs:
            statements[p.a.id] = p.a
            statements[p.b.id] = p.b
        statements.update(_extra_statements(extra_gold, list(statements.values())))
        found = find_contradictions(statements.values(), window_days=window, registry=registry)
        n = len(statements)
    elif mode == "pipeline":
        if docs is None:
            raise InputError("--docs", "the pipeline mode needs the documents file the gold pairs point into")
        if pipeline is not None:
            documents = load_documents(docs)
            alias = {d.id: d.external_id or d.id for d in documents}
            statements_list = list(pipeline(documents))
        else:
            statements_list, alias = ingest_pipeline(docs)
        found = find_contradictions(statements_list, window_days=window, registry=registry)
        n = len(statements_list)
    else:
        raise InputError("--mode", f"{mode!r} is not a mode; use 'gold' or 'pipeline'")
    return score_contradictions(found, pairs, doc_alias=alias, window_days=window, mode=mode, statements=n)


def _extra_statements(paths: Iterable[str | Path], pair_statements: list[Statement]) -> dict[str, Statement]:
    """Statements of other gold files, as distractors: a document that is also one of the pairs'
    documents (the dev files cut ids short) takes the pair document's id, and a statement that
    overlaps a pair statement of the same speaker is left out."""
    pair_docs = {s.doc_id for s in pair_statements}
    out: dict[str, Statement] = {}
    for path in paths:
        for s in load_gold_statements(path):
            full = next((d for d in pair_docs if d != s.doc_id and d.startswith(s.doc_id)), None)
            if full:
                s = dataclasses.replace(s, doc_id=full)
            if any(statements_match(s, p) for p in pair_statements):
                continue
            out.setdefault(s.id, s)
    return out


def ingest_pipeline(docs_path: str | Path, *, db: str = ":memory:") -> tuple[list[Statement], dict[str, str]]:
    """Ingest ``docs_path`` into an empty store (extracting and coding statements, as ``parley ingest``
    does) and return the stored statements with a map from stored document ids to the file's ids."""
    with Parley.open(db) as parley:
        parley.ingest([str(docs_path)])
        alias = {d.id: d.external_id or d.id for d in parley.documents()}
        return parley.statements(), alias
