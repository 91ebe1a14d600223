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

import numpy as np

from ..errors import InputError
from ..extract import get_extractor
from ..records import Document, Statement
from ..signals.codebook import SIGNAL_CODES
from ..signals.coder import Coder, LearnedBackend, get_coder
from ..signals.model import Example, SignalModel
from ..signals.plover_model import PloverModel, PlvRow, load_model, read_gsr, read_plv
from ..signals.theatre import statement_target, theatre_features
from ..signals.train import (
    PRETRAIN_WEIGHT,
    SIGNAL_C,
    decision_parameters,
    fit_weights,
    pretraining_examples,
    pretraining_rows,
    statement_requests,
    train_theatre_model,
)
from .annotations import AnnotatedDocument, AnnotatedStatement, default_corpora, split_unit
from .annotations import load as load_annotations
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
                     extractor: Any = None, registry: Any = None, backend: str = "learned") -> SignalReport:
    """Score the coder's signals on a gold file (``oracle``: on the gold statements themselves);
    ``coder`` defaults to one with ``backend`` (learned or rules)."""
    docs = read_gold_documents(gold)
    coder = coder or get_coder(backend, language=(docs[0][0].language if docs else "en") or "en")
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


# -- the annotated corpus: per language, genre and code; leave-one-source-out; reliability ----------

#: The gold files of ``../shared/gold`` that belong to the dev split (annotations/README.md), with
#: the language and genre of their documents.
GOLD_DEV_FILES = (("dev.jsonl", "en", "en-official"), ("dev-ru.jsonl", "ru", "ru-telegram"),
                  ("dev-uk.jsonl", "uk", "uk-official"))


def gold_annotated_documents(path: str | Path, *, language: str | None = None, genre: str | None = None,
                             split: str = "dev") -> list[Any]:
    """A gold file's documents as :class:`~parley.evaluation.annotations.AnnotatedDocument`
    (no theatre or target: the gold files do not mark them); the source is the file."""
    out = []
    path = Path(path)
    for doc, gs in read_gold_documents(path):
        lang = language or doc.language or "en"
        doc = Document.create(doc.text, title=doc.title, source=doc.source, published=doc.published,
                              language=lang, external_id=doc.external_id)
        stmts = []
        for g in gs:
            cue = None
            if g.get("cue"):  # the cue as written, nearest before (else after) the content
                before = doc.text.rfind(g["cue"], 0, int(g["start"]))
                at = before if before >= 0 else doc.text.find(g["cue"], int(g["end"]))
                cue = (at, at + len(g["cue"])) if at >= 0 else None
            stmts.append(AnnotatedStatement(int(g["start"]), int(g["end"]), g.get("speaker"), g.get("side"),
                                            g.get("kind") or "indirect", tuple(g.get("signals") or ()),
                                            g.get("conditional"), None, cue, None, None, doc.id))
        out.append(AnnotatedDocument(doc, "gold", doc.external_id or doc.id, "text", None,
                                     genre or f"{lang}-official", f"gold/{path.name}", split, None, tuple(stmts)))
    return out


def split_documents(annotations: str | Path | None, split: str, *, gold_dir: str | Path | None = None,
                    corpora: Path | None = None) -> list[Any]:
    """The documents of ``split`` (train or dev): the annotated corpus, and for dev the gold
    files beside the corpora. The blind split is refused: it is scored when an issue closes."""
    if split == "blind":
        raise InputError("--split blind", "the blind split is scored by the coordinator when an issue closes; "
                                          "measure on train (with --loso) or dev")
    if split not in ("train", "dev"):
        raise InputError(f"--split {split}", "use train or dev")
    docs = load_annotations(Path(annotations) if annotations else None, corpora, split=split)
    if split == "dev":
        gold = Path(gold_dir) if gold_dir else default_corpora().parent / "gold"
        for name, lang, genre in GOLD_DEV_FILES:
            if (gold / name).is_file():
                docs += gold_annotated_documents(gold / name, language=lang, genre=genre)
    return docs


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    signals: int
    mean_confidence: float
    accuracy: float

    def as_dict(self) -> dict[str, Any]:
        return {"bin": f"{self.low:.1f}-{self.high:.1f}", "signals": self.signals,
                "mean_confidence": round(self.mean_confidence, 4), "accuracy": round(self.accuracy, 4)}


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> tuple[float, list[ReliabilityBin]]:
    """Expected calibration error and the reliability table of the signals shown: in each
    confidence bin, how many signals, their mean confidence and the share that were right."""
    out = []
    n = len(confidences)
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        mc = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(bool(correct[i]) for i in idx) / len(idx)
        ece += len(idx) / n * abs(mc - acc)
        out.append(ReliabilityBin(lo, hi, len(idx), mc, acc))
    return ece, out


@dataclass(frozen=True, slots=True)
class ScoredStatement:
    """One gold statement with what the coder said of it (a matched prediction, or the oracle)."""

    language: str
    genre: str
    source: str
    gold: frozenset[str]
    pred: frozenset[str]
    confidences: tuple[tuple[str, float], ...]
    gold_conditional: bool | None
    pred_conditional: bool | None
    gold_theatre: str | None
    pred_theatre: str | None
    gold_target: str | None
    pred_target: str | None
    text: str = ""


def _codes_report(items: Sequence[ScoredStatement], mode: str, documents: int, gold_total: int) -> SignalReport:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    cond_n = cond_ok = 0
    for it in items:
        for c in it.pred & it.gold:
            tp[c] += 1
        for c in it.pred - it.gold:
            fp[c] += 1
        for c in it.gold - it.pred:
            fn[c] += 1
        if it.gold & {"OFFER_TALKS", "CEASEFIRE"}:
            cond_n += 1
            cond_ok += int(it.pred_conditional == it.gold_conditional)
    per = tuple(CodeScore(c, tp[c], fp[c], fn[c]) for c in SIGNAL_CODES)
    return SignalReport(mode, documents, gold_total, len(items), per, cond_ok / cond_n if cond_n else None)


@dataclass(frozen=True, slots=True)
class CorpusReport:
    """Signals, theatre, target and reliability over an annotated split."""

    split: str
    mode: str  # "oracle", "end-to-end" or "loso"
    documents: int
    gold_statements: int
    items: tuple[ScoredStatement, ...] = field(repr=False)

    def report(self, **where: str) -> SignalReport:
        items = [it for it in self.items if all(getattr(it, k) == v for k, v in where.items())]
        return _codes_report(items, self.mode, self.documents, self.gold_statements)

    @property
    def overall(self) -> SignalReport:
        return self.report()

    def groups(self, key: str) -> list[str]:
        return sorted({getattr(it, key) for it in self.items})

    def _accuracy(self, gold: str, pred: str, *, only_set: bool = False) -> tuple[float | None, int]:
        pairs = [(getattr(it, gold), getattr(it, pred)) for it in self.items if it.gold_theatre is not None]
        if only_set:
            pairs = [(g, p) for g, p in pairs if g is not None]
        if not pairs:
            return None, 0
        return sum(g == p for g, p in pairs) / len(pairs), len(pairs)

    @property
    def theatre_accuracy(self) -> tuple[float | None, int]:
        return self._accuracy("gold_theatre", "pred_theatre")

    @property
    def target_accuracy(self) -> tuple[float | None, int]:
        """Over statements annotated with a theatre and target (None is a target: none addressed)."""
        return self._accuracy("gold_target", "pred_target")

    @property
    def target_accuracy_named(self) -> tuple[float | None, int]:
        """Over statements whose gold target names a side."""
        return self._accuracy("gold_target", "pred_target", only_set=True)

    def reliability(self, bins: int = 10) -> tuple[float, list[ReliabilityBin]]:
        conf, ok = [], []
        for it in self.items:
            for code, c in it.confidences:
                conf.append(c)
                ok.append(code in it.gold)
        return reliability(conf, ok, bins)

    def as_dict(self) -> dict[str, Any]:
        def scores(rep: SignalReport) -> dict[str, Any]:
            p, r, f = rep.micro
            return {"statements": rep.matched, "micro_precision": round(p, 4), "micro_recall": round(r, 4),
                    "micro_f1": round(f, 4), "macro_f1": round(rep.macro_f1, 4)}

        ece, table = self.reliability()
        th, th_n = self.theatre_accuracy
        tg, tg_n = self.target_accuracy
        tgn, tgn_n = self.target_accuracy_named
        overall = self.overall
        return {
            "split": self.split,
            "mode": self.mode,
            "documents": self.documents,
            "gold_statements": self.gold_statements,
            "scored": overall.matched,
            **scores(overall),
            "conditional_accuracy": None if overall.conditional_accuracy is None else round(overall.conditional_accuracy, 4),
            "per_language": {lang: scores(self.report(language=lang)) for lang in self.groups("language")},
            "per_genre": {g: scores(self.report(genre=g)) for g in self.groups("genre")},
            "per_source": {s: scores(self.report(source=s)) for s in self.groups("source")},
            "per_code": [c.as_dict() for c in overall.per_code if c.tp + c.fp + c.fn],
            "per_language_code": {lang: [c.as_dict() for c in self.report(language=lang).per_code if c.tp + c.fp + c.fn]
                                  for lang in self.groups("language")},
            "theatre_accuracy": None if th is None else round(th, 4), "theatre_statements": th_n,
            "target_accuracy": None if tg is None else round(tg, 4), "target_statements": tg_n,
            "target_accuracy_named": None if tgn is None else round(tgn, 4), "target_named_statements": tgn_n,
            "ece": round(ece, 4),
            "reliability": [b.as_dict() for b in table],
        }

    def rows(self) -> list[dict[str, Any]]:
        """Summary rows: overall, each language, each genre, each code."""
        out = []

        def row(scope: str, rep: SignalReport) -> dict[str, Any]:
            p, r, f = rep.micro
            return {"scope": scope, "statements": rep.matched, "precision": round(p, 4), "recall": round(r, 4),
                    "f1": round(f, 4), "macro_f1": round(rep.macro_f1, 4)}

        out.append(row("all", self.overall))
        for lang in self.groups("language"):
            out.append(row(f"language {lang}", self.report(language=lang)))
        for g in self.groups("genre"):
            out.append(row(f"genre {g}", self.report(genre=g)))
        for c in self.overall.per_code:
            if c.tp + c.fp + c.fn:
                out.append({"scope": f"code {c.code}", "statements": c.support, "precision": round(c.precision, 4),
                            "recall": round(c.recall, 4), "f1": round(c.f1, 4), "macro_f1": None})
        return out


def _scored(doc: Any, st: Any, res_signals: Sequence[Any], theatre: str | None, target: str | None, text: str) -> ScoredStatement:
    offer = next((s.conditional for s in res_signals if s.code in ("OFFER_TALKS", "CEASEFIRE")), None)
    return ScoredStatement(
        doc.language, doc.genre, doc.source if doc.corpus == "gold" else "/".join(_unit(doc)),
        frozenset(st.signals), frozenset(s.code for s in res_signals),
        tuple((s.code, float(s.confidence)) for s in res_signals), st.conditional, offer,
        st.theatre, theatre, st.target, target, text,
    )


def _unit(doc: Any) -> tuple[str, str]:
    return split_unit(doc)


def evaluate_corpus(docs: Sequence[Any], *, split: str = "dev", oracle: bool = True, coder: Coder | None = None,
                    registry: Any = None, extractor_for: Any = None, backend: str = "learned") -> CorpusReport:
    """Score the coder on annotated documents: on the gold statements themselves (``oracle``), or
    end to end on the statements extracted from the documents and matched to the gold. ``coder``
    (default: one with ``backend``, learned or rules) codes them."""
    coder = coder or get_coder(backend)
    items: list[ScoredStatement] = []
    gold_total = sum(len(d.statements) for d in docs)
    backend = coder.backend
    for doc in docs:
        ctx = backend.context(doc.document.text, doc.language) if hasattr(backend, "context") else None
        if oracle:
            reqs = statement_requests(doc)
            if hasattr(backend, "context"):
                results = backend.code_batch(reqs, [ctx] * len(reqs))
            else:
                results = backend.code_batch(reqs)
            for st, req, res in zip(doc.statements, reqs, results):
                items.append(_scored(doc, st, res.signals, res.theatre, res.target, req.text))
            continue
        if extractor_for is not None:
            ex = extractor_for(doc.language)
        else:
            ex = get_extractor(doc.language, registry)
        extracted = list(ex(doc.document))
        pred = coder.code_document(doc.document, extracted)
        golds = [Statement(doc_id=doc.document.id, start=s.start, end=s.end, text=doc.document.text[s.start:s.end],
                           kind=s.kind, speaker=s.speaker, side=s.side) for s in doc.statements]
        by_gold: dict[int, list[int]] = {}
        for i, j in match_statements(pred, golds):
            by_gold.setdefault(j, []).append(i)
        for j, idx in sorted(by_gold.items()):
            sigs: dict[str, Any] = {}
            for i in idx:  # a turn split into sentences: the union of their codes, the best confidence
                for s in pred[i].signals:
                    if s.code not in sigs or s.confidence > sigs[s.code].confidence:
                        sigs[s.code] = s
            first = pred[idx[0]]
            items.append(_scored(doc, doc.statements[j], list(sigs.values()), first.theatre, first.target, golds[j].text))
    return CorpusReport(split, "oracle" if oracle else "end-to-end", len(docs), gold_total, tuple(items))


def evaluate_loso(docs: Sequence[Any], *, plover_dir: Path | None = None, pretrain_weight: float | None = None,
                  registry: Any = None, progress: Any = None) -> CorpusReport:
    """Leave-one-source-out on the gold statements (oracle spans): each source of ``docs`` is
    coded by a signal model and a theatre model trained on the other sources. The signal model's
    thresholds and calibration come from the held-out predictions of the other sources (one
    model per source is fitted, not one per pair: the thresholds are coarse and the calibration
    has three parameters, so what the held-out source's labels could teach them through the other
    sources' models is small)."""
    weight = PRETRAIN_WEIGHT if pretrain_weight is None else pretrain_weight
    reader = LearnedBackend("en", registry=registry, use_model=False, signal_model=object())
    pre = pretraining_examples(plover_dir, backend=reader, weight=weight) if plover_dir is not None else []
    units = {id(d): "/".join(_unit(d)) for d in docs}
    groups = sorted(set(units.values()))
    if len(groups) < 2:
        raise InputError("annotations", "leave-one-source-out needs documents of at least two sources")
    reads = {id(d): [reader.read(r) for r in statement_requests(d)] for d in docs}
    rows = [(d, k, rd) for d in docs for k, rd in enumerate(reads[id(d)]) if rd is not None]
    examples = [Example(rd.features, frozenset(d.statements[k].signals), rd.rules.fired, units[id(d)], d.language)
                for d, k, rd in rows]
    codes = SIGNAL_CODES
    P = np.zeros((len(rows), len(codes)))
    models: dict[str, SignalModel] = {}
    for g in groups:
        if progress:
            progress(g)
        vocab, coef, intercept = fit_weights([e for e in examples if e.group != g] + pre, C=SIGNAL_C)
        models[g] = SignalModel(codes, vocab, coef, intercept, np.ones(len(codes)))
        idx = [i for i, e in enumerate(examples) if e.group == g]
        P[idx] = models[g].proba([examples[i].features for i in idx])
    Y = np.array([[c in e.codes for c in codes] for e in examples])
    F = np.array([[c in e.fired for c in codes] for e in examples], dtype=float)
    items: list[ScoredStatement] = []
    for g in groups:
        other = np.array([e.group != g for e in examples])
        models[g].thresholds, models[g].calibration = decision_parameters(P[other], Y[other], F[other])
        train_docs = [d for d in docs if units[id(d)] != g]
        theatre = train_theatre_model(train_docs, backend=reader) if any(
            s.theatre for d in train_docs for s in d.statements) else None
        backend = LearnedBackend("en", registry=registry, use_model=False, signal_model=models[g], theatre_model=theatre)
        for d in (d for d in docs if units[id(d)] == g):
            reqs = statement_requests(d)
            signals = backend.decide(reqs, reads[id(d)])
            ctx = backend.context(d.document.text, d.language)
            th_preds: list[str | None] = [None] * len(reqs)
            tg_preds: list[str | None] = [None] * len(reqs)
            if theatre is not None:
                for k, rd in enumerate(reads[id(d)]):
                    if rd is None:
                        continue
                    feats = theatre_features(rd.tokens, rd.cue_tokens, speaker_side=rd.rules.side, document=ctx,
                                             language=rd.language)
                    th_preds[k] = theatre.predict([feats])[0]
                    tg_preds[k] = statement_target(rd.tokens, rd.rules.side, th_preds[k], rd.cue_tokens) \
                        if signals[k] else None
            for k, (st, req) in enumerate(zip(d.statements, reqs)):
                items.append(_scored(d, st, signals[k] or (), th_preds[k], tg_preds[k], req.text))
    return CorpusReport("train", "loso", len(docs), sum(len(d.statements) for d in docs), tuple(items))
