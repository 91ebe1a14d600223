"""Rebuild the learned parts of the signal coder from the shared corpora, in one command:

    python -m parley.signals.train [--corpora ../shared/corpora] [--annotations annotations/] [--tables-only]
    parley eval signals --annotations annotations/ --split train --loso   # measure only: leave-one-source-out

It rewrites ``signals/data/plover_cameo.json`` (PLOVER/CAMEO fact tables),
``signals/data/plover_model.npz`` (the PLOVER event classifier, trained on PLV_train.tsv and the
PLOVER example sentences, with the synthetic NGEC stories at a small weight),
``signals/data/signal_model.npz`` (the learned signal coder, trained on the train split of the
annotated corpus in three languages, with PLV_train.tsv and the synthetic stories as pre-training
at a small weight; thresholds and calibration from leave-one-source-out predictions),
``signals/data/theatre_model.npz`` (the theatre classifier, on the same train split), then
``docs/codebook.md``. Deterministic: the same corpora give the same models. The same is
``parley train-coder``.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from collections import Counter
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from .. import DOCS
from ..errors import InputError
from ..evaluation.annotations import load as load_annotations
from ..evaluation.annotations import split_unit
from .coder import CodeRequest, LearnedBackend
from .codebook import codebook_markdown, load_codebook
from .model import MODEL_FILE as SIGNAL_MODEL_FILE
from .model import SIGNAL_CODES, Example, SignalModel, _logit
from .model import load_model as load_signal_model
from .plover_model import MODEL_FILE, PloverModel, load_model, read_gsr, read_plv, read_synthetic
from .tables import TABLES_FILE, write_tables
from .theatre import MODEL_FILE as THEATRE_MODEL_FILE
from .theatre import NO_DOCUMENT, DocumentContext, TheatreModel, load_theatre_model, theatre_features

#: The signal code a PLOVER root stands nearest to, for pre-training on PLV and the synthetic
#: stories (a weak label: a CONSULT sentence reports a meeting more often than an offer of talks).
PLOVER_TO_SIGNAL = {
    "ACCUSE": "ACCUSE",
    "THREATEN": "THREATEN",
    "REJECT": "REJECT",
    "SANCTION": "SANCTION",
    "SUPPORT": "PRAISE",
    "COOPERATE": "COOPERATE",
    "AGREE": "AGREE",
    "YIELD": "CONCEDE",
    "CONCEDE": "CONCEDE",
    "CONSULT": "OFFER_TALKS",
    "REQUEST": "SET_CONDITIONS",
}
#: Sample weight of a pre-training sentence against an annotated statement (weight 1).
#: Measured 2026-12-07 (branch h11, leave-one-source-out micro-F1 over the train split with
#: pre-training rows / annotated dev split, oracle): 0.1 gives .4834 / .7136, 0.3 .4770 / .7107.
PRETRAIN_WEIGHT = 0.1
#: Regularisation of the signal model (inverse strength), chosen by leave-one-source-out F1.
SIGNAL_C = 0.5
#: Tried on the same measure and not kept (2026-12-07, branch h11), so that they are not tried
#: again blind: a stem feature for Russian and Ukrainian (the first five letters of each lemma
#: longer than five, in the text and the cue) .4814 / .7102 (uk LOSO .4645 -> .4692, ru .3913 ->
#: .3814); the shared features (concepts, rule hits) copied once more per language (the
#: "frustratingly easy" domain adaptation) .4802 / .7091; on that model's held-out predictions,
#: per-language model-only thresholds (chosen on the same language's other sources) .4800 against
#: .4802, and a grid from 0.5 .4837 (P .520 R .452, against P .564 R .418 from 0.7: the recall is
#: bought with precision one for one). With these features the held-out figure stays near .48 whatever the decision: what is
#: missing is evidence the features do not carry (see the closing note of issue 11).
#: Two more, 2026-12-08 (branch hsig, same measure; baseline .4833 / .7136): the cross-language
#: families (concepts c/nc/cc and the rules' hits r/ri/rs/rf/rn/ra, in text and cue) given value
#: 2 in the fitted matrix (a quarter of the L2 penalty per unit of effect of a word or bigram)
#: .4835 / .6990 (R .421 -> .432, P .568 -> .548; SANCTION .157 -> .379, OFFER_TALKS .421 ->
#: .389, THREATEN .256 -> .217); bigram features dropped (text and cue) .4816 / .6936 (ru .391
#: -> .372). Most held-out misses have a held-out probability below 0.3 (SET_CONDITIONS 111 of
#: 134, THREATEN 106 of 139, ACCUSE 227 of 385), and for REJECT (60 of 75) and ACCUSE (264 of
#: 385) no concept of the code's family is present: no threshold or weighting reaches them.
#: Concept entries for those misses (STALL: unwillingness, reluctance, нежелание, неготовность,
#: небажання; ACCUSE: instigator, incite, betray and their ru/uk forms) .4835 / .7136: no change.


def default_corpora() -> Path:
    shared = os.environ.get("PARLEY_SHARED")
    if shared:
        return Path(shared) / "corpora"
    return Path(__file__).resolve().parents[4] / "shared" / "corpora"


@dataclass(frozen=True, slots=True)
class TrainReport:
    tables: Path
    model: Path | None
    examples: int
    classes: tuple[str, ...]
    doc: Path | None
    signal_model: Path | None = None
    signal_examples: int = 0
    theatre_model: Path | None = None


# -- fitting the signal and theatre models (scikit-learn; coding needs numpy only) ----------------


def _matrix(examples: Sequence[Example], vocab: dict[str, int]):
    rows, cols = [], []
    for i, ex in enumerate(examples):
        for j in {vocab[f] for f in ex.features if f in vocab}:
            rows.append(i)
            cols.append(j)
    X = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(examples), len(vocab)))
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


def fit_weights(examples: Sequence[Example], *, C: float = 0.5, min_count: int = 2,
                codes: Sequence[str] = SIGNAL_CODES) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Vocabulary and per-code logistic-regression weights (class-balanced) on ``examples``."""
    counts: dict[str, int] = {}
    for ex in examples:
        if ex.weight < 1:  # pre-training rows add evidence, not vocabulary
            continue
        for f in set(ex.features):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    X = _matrix(examples, vocab)
    w = np.array([ex.weight for ex in examples])
    coef = np.zeros((len(vocab), len(codes)), dtype=np.float32)
    intercept = np.full(len(codes), -8.0, dtype=np.float32)
    for j, code in enumerate(codes):
        y = np.array([code in ex.codes for ex in examples])
        if y.sum() == 0 or y.all():
            continue
        clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=500)
        clf.fit(X, y, sample_weight=w)
        coef[:, j] = clf.coef_[0]
        intercept[j] = clf.intercept_[0]
    return vocab, coef, intercept


def _best_threshold(p: np.ndarray, y: np.ndarray, fired: np.ndarray, veto: float, grid: Sequence[float]) -> float:
    """The model-only threshold that maximises F1 of the hybrid decision on held-out predictions."""
    best, best_t = -1.0, 0.9
    base = (fired > 0) & (p >= veto)
    for t in grid:
        pred = base | (p >= t)
        tp = float((pred & y).sum())
        fp = float((pred & ~y).sum())
        fn = float((~pred & y).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best + 1e-9:
            best, best_t = f, t
    return best_t


def fit_calibration(p: np.ndarray, fired: np.ndarray, correct: np.ndarray) -> tuple[float, float, float]:
    """(a, b, c) of ``sigmoid(a * logit(p) + b + c * fired)`` fitted to whether each shown signal
    was right (held-out predictions)."""
    if len(correct) < 10 or correct.all() or not correct.any():
        return (1.0, 0.0, 0.0)
    X = np.column_stack([_logit(p), (fired > 0).astype(float)])
    clf = LogisticRegression(C=10.0).fit(X, correct)
    return (float(clf.coef_[0][0]), float(clf.intercept_[0]), float(clf.coef_[0][1]))


def held_out_proba(examples: Sequence[Example], *, C: float = 0.5, min_count: int = 2) -> np.ndarray:
    """Each real example's probabilities from a model trained without its source (pre-training
    rows, weight < 1, always train)."""
    P = np.zeros((len(examples), len(SIGNAL_CODES)))
    groups = sorted({ex.group for ex in examples if ex.weight >= 1})
    for g in groups:
        train = [ex for ex in examples if ex.group != g]
        test = [i for i, ex in enumerate(examples) if ex.group == g]
        vocab, coef, intercept = fit_weights(train, C=C, min_count=min_count)
        m = SignalModel(SIGNAL_CODES, vocab, coef, intercept, np.ones(len(SIGNAL_CODES)))
        P[test] = m.proba([examples[i].features for i in test])
    return P


#: The model-only thresholds tried on held-out predictions: a code the rules did not find needs
#: strong evidence. Measured on leave-one-source-out predictions of the train split (micro-F1 of
#: the hybrid decision, each source's thresholds chosen on the other sources): a floor of 0.8 gave
#: .471 (P .581 R .396, macro .363), 0.7 .483 (P .568 R .421, macro .378), 0.6 .482, 0.5 .481,
#: 0.4 .479; dev .722 at 0.8, .714 at 0.7, .695 at 0.6. Below 0.7 the gain in recall on unseen
#: sources is paid for on dev, so the floor is 0.7.
THRESHOLD_GRID = (0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)


def decision_parameters(P: np.ndarray, Y: np.ndarray, F: np.ndarray, *, veto: float = 0.0
                        ) -> tuple[np.ndarray, tuple[float, float, float]]:
    """Per-code thresholds and the calibration, from held-out probabilities ``P``, gold ``Y`` and
    the rules' codes ``F`` (arrays of statements x codes)."""
    thresholds = np.array([_best_threshold(P[:, j], Y[:, j], F[:, j], veto, THRESHOLD_GRID)
                           for j in range(P.shape[1])])
    shown = ((F > 0) & (P >= veto)) | (P >= thresholds)
    return thresholds, fit_calibration(P[shown], F[shown], Y[shown])


def fit_model(examples: Sequence[Example], *, C: float = 0.5, min_count: int = 2, veto: float = 0.0,
              held_out: np.ndarray | None = None, info: dict | None = None) -> SignalModel:
    """Fit the model on ``examples``, with thresholds and calibration from leave-one-source-out
    predictions (``held_out``, computed here when not given)."""
    real = [i for i, ex in enumerate(examples) if ex.weight >= 1]
    P = held_out if held_out is not None else held_out_proba(examples, C=C, min_count=min_count)
    P = P[real]
    Y = np.array([[c in examples[i].codes for c in SIGNAL_CODES] for i in real])
    F = np.array([[c in examples[i].fired for c in SIGNAL_CODES] for i in real], dtype=float)
    thresholds, calibration = decision_parameters(P, Y, F, veto=veto)
    vocab, coef, intercept = fit_weights(examples, C=C, min_count=min_count)
    return SignalModel(SIGNAL_CODES, vocab, coef, intercept, thresholds, veto, calibration, dict(info or {}))


def fit_theatre_model(features: Sequence[Sequence[str]], labels: Sequence[str], *, C: float = 1.0,
                      min_count: int = 2, info: dict | None = None) -> TheatreModel:
    """A :class:`~parley.signals.theatre.TheatreModel` fitted on theatre features and labels."""
    counts: Counter[str] = Counter()
    for feats in features:
        counts.update(set(feats))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for i, feats in enumerate(features):
        for j in {vocab[f] for f in feats if f in vocab}:
            rows.append(i)
            cols.append(j)
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(features), len(vocab)))
    clf = LogisticRegression(C=C, max_iter=2000).fit(X, list(labels))
    classes = tuple(str(c) for c in clf.classes_)
    coef = clf.coef_.T if len(classes) > 2 else np.column_stack([-clf.coef_[0], clf.coef_[0]]) / 2
    intercept = clf.intercept_ if len(classes) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]]) / 2
    return TheatreModel(classes, vocab, coef.astype(np.float32), intercept.astype(np.float32), dict(info or {}))


# -- the annotated statements as coder requests ----------------------------------------------------


def statement_requests(doc: Any) -> list[Any]:
    """A :class:`~parley.signals.coder.CodeRequest` for each hand-marked statement of an annotated
    document (:class:`parley.evaluation.annotations.AnnotatedDocument`): the content span, the cue,
    the speaker and side."""
    text = doc.document.text
    out = []
    for s in doc.statements:
        cue = text[s.cue[0] : s.cue[1]] if s.cue else None
        out.append(CodeRequest(text=text[s.start : s.end], cue=cue, source=s.speaker, side=s.side,
                               language=doc.language))
    return out


def _backend(registry: Any = None):
    return LearnedBackend("en", registry=registry, use_model=False, signal_model=_NO_MODEL)


class _NoModel:
    """Stands in for the signal model while examples are read (reading needs none)."""


_NO_MODEL = _NoModel()


def signal_examples(docs: Iterable[Any], *, backend: Any = None, group: Any = None) -> list[Example]:
    """Training examples (features, gold codes, rules fired, source) of annotated documents."""
    backend = backend or _backend()
    out = []
    for doc in docs:
        g = "/".join(group(doc)) if group else "/".join(split_unit(doc))
        for req, st in zip(statement_requests(doc), doc.statements):
            rd = backend.read(req)
            if rd is None:
                continue
            out.append(Example(rd.features, frozenset(st.signals), rd.rules.fired, g, doc.language))
    return out


def pretraining_examples(plover_dir: Path, *, backend: Any = None, weight: float = PRETRAIN_WEIGHT) -> list[Example]:
    """PLV_train.tsv and the synthetic stories as weakly labelled English examples (see
    :data:`PLOVER_TO_SIGNAL`), at sample weight ``weight``; none when the files are absent."""
    if weight <= 0:
        return []
    backend = backend or _backend()
    rows: list[tuple[str, str | None, str]] = []
    plv = Path(plover_dir) / "PLV_train.tsv"
    if plv.is_file():
        for r in read_plv(plv):
            src = re.search(r"<s>(.*?)</s>", r.marked, re.DOTALL)
            rows.append((re.sub(r"</?[st]>", "", r.marked), src.group(1) if src else None, r.root))
    rows += [(text, None, root) for text, root in pretraining_rows(Path(plover_dir))]
    out = []
    for text, source, root in rows:
        rd = backend.read(CodeRequest(text=" ".join(text.split()), source=source, language="en"))
        if rd is None:
            continue
        code = PLOVER_TO_SIGNAL.get(root)
        out.append(Example(rd.features, frozenset([code] if code else []), rd.rules.fired, "pretraining", "en", weight))
    return out


def train_signal_model(docs: Sequence[Any], plover_dir: Path | None = None, *, pretrain_weight: float = PRETRAIN_WEIGHT,
                       C: float = SIGNAL_C, backend: Any = None) -> tuple[SignalModel, list[Example]]:
    """The signal model fitted on annotated documents (and pre-training sentences)."""
    backend = backend or _backend()
    examples = signal_examples(docs, backend=backend)
    if plover_dir is not None:
        examples += pretraining_examples(plover_dir, backend=backend, weight=pretrain_weight)
    real = [e for e in examples if e.weight >= 1]
    info = {
        "statements": len(real),
        "pretraining": len(examples) - len(real),
        "pretrain_weight": pretrain_weight,
        "C": C,
        "sources": sorted({e.group for e in real}),
        "languages": dict(sorted({lang: sum(e.language == lang for e in real) for lang in {e.language for e in real}}.items())),
    }
    model = fit_model(examples, C=C, held_out=held_out_proba(examples, C=C), info=info)
    return model, examples


def theatre_rows(docs: Iterable[Any], *, backend: Any = None) -> tuple[list[list[str]], list[str]]:
    """Theatre features and gold theatres of the annotated statements that have one."""
    backend = backend or _backend()
    feats, labels = [], []
    for doc in docs:
        an = backend.analyzer(doc.language)
        ctx = DocumentContext.of(an.tokens(doc.document.text))
        for req, st in zip(statement_requests(doc), doc.statements):
            if not st.theatre:
                continue
            toks, cue = an.tokens(req.text), an.tokens(req.cue) if req.cue else ()
            # each statement twice: with its document, and alone (a statement coded without its
            # document must still be read from its own words)
            for context in (ctx, NO_DOCUMENT):
                feats.append(theatre_features(toks, cue, speaker_side=st.side, document=context, language=doc.language))
                labels.append(st.theatre)
    return feats, labels


def train_theatre_model(docs: Sequence[Any], *, backend: Any = None) -> TheatreModel:
    feats, labels = theatre_rows(docs, backend=backend)
    if len(set(labels)) < 2:
        raise InputError("annotations", "the theatre model needs statements of at least two theatres")
    return fit_theatre_model(feats, labels, info={"statements": len(labels)})


def training_rows(plover_dir: Path):
    """PLV_train.tsv plus the PLOVER example sentences (GSR), as (marked, root) rows."""
    rows = read_plv(plover_dir / "PLV_train.tsv")
    gsr = plover_dir / "PLOVER_GSR_CAMEO.json"
    if gsr.is_file():
        rows += read_gsr(gsr)
    return rows


SYNTHETIC_FILE = "gpt_synthetic_events_2023-10-19_19.csv.zip"


def pretraining_rows(plover_dir: Path) -> list[tuple[str, str]]:
    """The synthetic NGEC stories beside the PLV data, as (text, root) rows (none when absent).

    Fiction: they train the classifier at a small weight and are never used to measure it.
    """
    path = Path(plover_dir) / SYNTHETIC_FILE
    return read_synthetic(path) if path.is_file() else []


def train(corpora: Path | None = None, *, tables_only: bool = False, model_path: Path = MODEL_FILE,
          tables_path: Path = TABLES_FILE, write_doc: bool = True, annotations: Path | None = None,
          signal_model_path: Path = SIGNAL_MODEL_FILE, theatre_model_path: Path = THEATRE_MODEL_FILE) -> TrainReport:
    plover_dir = Path(corpora or default_corpora()) / "plover"
    if not plover_dir.is_dir():
        raise InputError(str(plover_dir), "the PLOVER corpus folder is missing (set --corpora or PARLEY_SHARED)")
    tables = write_tables(plover_dir, tables_path)
    load_codebook.cache_clear()
    model = None
    n = 0
    classes: tuple[str, ...] = ()
    if not tables_only:
        rows = training_rows(plover_dir)
        fitted = PloverModel.fit([r.marked for r in rows], [r.root for r in rows],
                                 pretrain=pretraining_rows(plover_dir))
        model = fitted.save(model_path)
        n, classes = len(rows), fitted.classes
        load_model.cache_clear()
    sig_path = th_path = None
    n_sig = 0
    if not tables_only:
        docs = load_annotations(annotations, Path(corpora or default_corpora()), split="train")
        if not docs:
            raise InputError(str(annotations or "annotations/"), "no train documents in the annotations")
        backend = _backend()
        sig, examples = train_signal_model(docs, plover_dir, backend=backend)
        sig_path = sig.save(signal_model_path)
        n_sig = sig.info["statements"]
        th_path = train_theatre_model(docs, backend=backend).save(theatre_model_path)
        load_signal_model.cache_clear()
        load_theatre_model.cache_clear()
    doc = None
    if write_doc:
        doc = DOCS / "codebook.md"
        doc.write_text(codebook_markdown(), encoding="utf-8")
    return TrainReport(tables, model, n, classes, doc, sig_path, n_sig, th_path)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.signals.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=None, help="the shared corpora folder (default ../shared/corpora)")
    ap.add_argument("--annotations", type=Path, default=None,
                    help="the annotated corpus (default: the repository's annotations/)")
    ap.add_argument("--tables-only", action="store_true", help="rebuild only the PLOVER/CAMEO tables")
    args = ap.parse_args(argv)
    rep = train(args.corpora, tables_only=args.tables_only, annotations=args.annotations)
    print(f"tables: {rep.tables}")
    if rep.model:
        print(f"model: {rep.model} ({rep.examples} examples, classes {', '.join(rep.classes)})")
    if rep.signal_model:
        print(f"signal model: {rep.signal_model} ({rep.signal_examples} annotated statements)")
    if rep.theatre_model:
        print(f"theatre model: {rep.theatre_model}")
    if rep.doc:
        print(f"doc: {rep.doc}")


if __name__ == "__main__":
    main()
