"""Measuring the coder: signals against the gold statements, PLOVER roots against PLV data.

Signals (``evaluate_signals``) are scored as GUIDELINES.md says: on matched statements, per code,
with micro and macro F1. Two modes:

- ``oracle``: the gold statements themselves (text, cue, speaker, side) are coded, which measures
  the coder alone;
- end to end: statements are extracted from the gold documents (``parley.extract``), coded, and
  matched to the gold statements (``parley.evaluation.attribution.match_statements``); a gold statement
  matched by several predictions (a turn split into sentences) is scored on the union of their
  codes. Unmatched gold statements are not scored for signals (extraction recall is its own
  figure, reported alongside).

PLOVER (``evaluate_plover``) is accuracy and macro-F1 over the 15 PLV roots (CONCEDE and RETREAT
counted together as YIELD), of the shipped model on a file, or with ``cv=k`` of k-fold
cross-validation on the file (each fold's model is trained on the rest of the file plus the PLOVER
example sentences and the synthetic stories, as ``python -m parley.signals.train`` does; the
synthetic stories only ever train, they are never scored).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extract import get_extractor
from ..records import Document, Statement
from ..signals.codebook import SIGNAL_CODES
from ..signals.coder import Coder, get_coder
from ..signals.plover_model import PloverModel, PlvRow, load_model, read_gsr, read_plv
from ..signals.train import pretraining_rows
from .attribution import _default_registry, match_statements


@dataclass(frozen=True, slots=True)
class CodeScore:
    code: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "support": self.support, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class SignalReport:
    """Signal scores over matched statements."""

    mode: str  # "oracle" or "end-to-end"
    documents: int
    gold_statements: int
    matched: int
    per_code: tuple[CodeScore, ...]
    conditional_accuracy: float | None = None  # over matched statements with a gold OFFER_TALKS/CEASEFIRE
    errors: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    @property
    def micro(self) -> tuple[float, float, float]:
        tp = sum(c.tp for c in self.per_code)
        fp = sum(c.fp for c in self.per_code)
        fn = sum(c.fn for c in self.per_code)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the codes that occur in the gold or the predictions."""
        seen = [c for c in self.per_code if c.tp + c.fp + c.fn]
        return sum(c.f1 for c in seen) / len(seen) if seen else 0.0

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.micro
        return {
            "mode": self.mode,
            "documents": self.documents,
            "gold_statements": self.gold_statements,
            "matched": self.matched,
            "micro_precision": round(p, 4),
            "micro_recall": round(r, 4),
            "micro_f1": round(f, 4),
            "macro_f1": round(self.macro_f1, 4),
            "conditional_accuracy": None if self.conditional_accuracy is None else round(self.conditional_accuracy, 4),
            "per_code": [c.as_dict() for c in self.per_code if c.tp + c.fp + c.fn],
        }

    def rows(self) -> list[dict[str, Any]]:
        p, r, f = self.micro
        out = [c.as_dict() for c in self.per_code if c.tp + c.fp + c.fn]
        out.append({"code": "micro", "support": sum(c.support for c in self.per_code),
                    "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)})
        out.append({"code": "macro", "f1": round(self.macro_f1, 4)})
        return out


def read_gold_documents(path: str | Path) -> list[tuple[Document, list[dict[str, Any]]]]:
    """The gold file's documents (id = the gold id) with their annotated statements."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                doc = Document(
                    id=d["id"], text=d["text"], title=d.get("title"), source=d.get("source"),
                    published=dt.date.fromisoformat(d["published"][:10]) if d.get("published") else None,
                    language=d.get("language") or "en", external_id=d["id"],
                    metadata={"speaker": d["speaker"]} if d.get("speaker") else {},
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(str(path), f"not a gold document: {exc}", f"line {n}") from None
            out.append((doc, list(d.get("statements") or ())))
    return out


def gold_statement(doc: Document, s: dict[str, Any]) -> Statement:
    return Statement(
        doc_id=doc.id, start=int(s["start"]), end=int(s["end"]), text=s["text"], kind=s.get("kind") or "indirect",
        speaker=s.get("speaker"), side=s.get("side"), mention=s.get("mention"), cue=s.get("cue"),
        published=doc.published, language=doc.language,
    )


def _score(pairs: Sequence[tuple[set[str], set[str], Statement | None, dict[str, Any]]], mode: str, documents: int,
           gold_total: int) -> SignalReport:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    cond_n = cond_ok = 0
    errors = []
    for pred, gold, st, g in pairs:
        for c in pred & gold:
            tp[c] += 1
        for c in pred - gold:
            fp[c] += 1
        for c in gold - pred:
            fn[c] += 1
        if pred != gold:
            errors.append({"cue": g.get("cue"), "text": g.get("text"), "gold": sorted(gold), "pred": sorted(pred)})
        if st is not None and gold & {"OFFER_TALKS", "CEASEFIRE"}:
            cond_n += 1
            got = next((s.conditional for s in st.signals if s.code in ("OFFER_TALKS", "CEASEFIRE")), None)
            cond_ok += int(got == g.get("conditional"))
    per = tuple(CodeScore(c, tp[c], fp[c], fn[c]) for c in SIGNAL_CODES)
    return SignalReport(mode, documents, gold_total, len(pairs), per,
                        cond_ok / cond_n if cond_n else None, tuple(errors))


def evaluate_signals(gold: str | Path, *, coder: Coder | None = None, oracle: bool = False,
                     extractor: Any = None, registry: Any = None) -> SignalReport:
    """Score the coder's signals on a gold file (``oracle``: on the gold statements themselves)."""
    docs = read_gold_documents(gold)
    coder = coder or get_coder("rules", language=(docs[0][0].language if docs else "en") or "en")
    gold_total = sum(len(g) for _, g in docs)
    pairs: list[tuple[set[str], set[str], Statement | None, dict[str, Any]]] = []
    if oracle:
        for doc, gs in docs:
            coded = list(coder.pipe(gold_statement(doc, g) for g in gs))
            for st, g in zip(coded, gs):
                pairs.append(({s.code for s in st.signals}, set(g.get("signals") or ()), st, g))
        return _score(pairs, "oracle", len(docs), gold_total)

    if extractor is None and registry is None:
        registry = _default_registry()
    for doc, gs in docs:
        ex = extractor
        if ex is None:
            ex = get_extractor(doc.language or "en", registry)
        pred = list(coder.pipe(ex(doc)))
        golds = [gold_statement(doc, g) for g in gs]
        by_gold: dict[int, list[int]] = {}
        for i, j in match_statements(pred, golds):
            by_gold.setdefault(j, []).append(i)
        for j, idx in by_gold.items():
            codes = set().union(*({s.code for s in pred[i].signals} for i in idx))
            # the conditional attribute is read from the first matched prediction with an offer
            st = next((pred[i] for i in idx if any(s.code in ("OFFER_TALKS", "CEASEFIRE") for s in pred[i].signals)),
                      pred[idx[0]])
            pairs.append((codes, set(gs[j].get("signals") or ()), st, gs[j]))
    return _score(pairs, "end-to-end", len(docs), gold_total)


# -- PLOVER -------------------------------------------------------------------------------------


def yield_merged(root: str | None) -> str | None:
    return "YIELD" if root in ("CONCEDE", "RETREAT") else root


@dataclass(frozen=True, slots=True)
class PloverReport:
    mode: str  # "model" or "cv5" etc.
    sentences: int
    accuracy: float
    macro_f1: float
    per_root: tuple[CodeScore, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode, "sentences": self.sentences, "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4), "per_root": [c.as_dict() for c in self.per_root],
        }

    def rows(self) -> list[dict[str, Any]]:
        out = [c.as_dict() for c in self.per_root]
        out.append({"code": "accuracy", "f1": round(self.accuracy, 4), "support": self.sentences})
        out.append({"code": "macro", "f1": round(self.macro_f1, 4)})
        return out


def _plover_report(mode: str, gold: Sequence[str], pred: Sequence[str]) -> PloverReport:
    roots = sorted(set(gold))
    per = []
    for r in roots:
        tp = sum(1 for g, p in zip(gold, pred) if g == r and p == r)
        fp = sum(1 for g, p in zip(gold, pred) if g != r and p == r)
        fn = sum(1 for g, p in zip(gold, pred) if g == r and p != r)
        per.append(CodeScore(r, tp, fp, fn))
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold) if gold else 0.0
    macro = sum(c.f1 for c in per) / len(per) if per else 0.0
    return PloverReport(mode, len(gold), acc, macro, tuple(per))


def _stratified_folds(labels: Sequence[str], k: int, seed: int) -> list[list[int]]:
    by: dict[str, list[int]] = {}
    for i, y in enumerate(labels):
        by.setdefault(y, []).append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    n = 0
    for y in sorted(by):
        idx = by[y][:]
        rng.shuffle(idx)
        for i in idx:
            folds[n % k].append(i)
            n += 1
    return folds


def evaluate_plover(plv: str | Path, *, cv: int | None = None, extra: Sequence[PlvRow] | None = None,
                    pretrain: Sequence[tuple[str, str]] | None = None, model: PloverModel | None = None,
                    seed: int = 0) -> PloverReport:
    """Accuracy and macro-F1 over PLOVER roots (YIELD merged) on a PLV-format file.

    Without ``cv`` the shipped model (or ``model``) predicts each sentence; with ``cv=k`` the file
    is split in k stratified folds and each is predicted by a model trained on the others plus
    ``extra`` (default: the PLOVER example sentences beside the file, when present) and, at a small
    weight, ``pretrain`` (default: the synthetic stories beside the file, when present).
    """
    rows = read_plv(Path(plv))
    gold = [yield_merged(r.root) or "" for r in rows]
    if not cv:
        m = model or load_model()
        pred = [yield_merged(p) or "" for p in m.predict([r.marked for r in rows])]
        return _plover_report("model", gold, pred)
    if cv < 2:
        raise InputError(str(plv), f"--cv needs at least 2 folds, not {cv}")
    if extra is None:
        gsr = Path(plv).parent / "PLOVER_GSR_CAMEO.json"
        extra = read_gsr(gsr) if gsr.is_file() else []
    if pretrain is None:
        pretrain = pretraining_rows(Path(plv).parent)
    pred: list[str] = [""] * len(rows)
    for fold in _stratified_folds(gold, cv, seed):
        test = set(fold)
        train = [r for i, r in enumerate(rows) if i not in test] + list(extra)
        m = PloverModel.fit([r.marked for r in train], [yield_merged(r.root) or "" for r in train],
                            pretrain=pretrain)
        for i, p in zip(fold, m.predict([rows[i].marked for i in fold])):
            pred[i] = yield_merged(p) or ""
    return _plover_report(f"cv{cv}", gold, pred)
