"""The learned signal model: one logistic regression per signal code over the statement's features.

Features (:mod:`parley.signals.features`) are words and lemmas, cross-language concepts, masked
parties and the rule coder's hits, so the rules are evidence the model weighs, and their cues
explain what it reports. A code is reported when the rules fire it (unless the model's
probability is below ``veto``; 0, the default, never vetoes: measured, vetoing cost more than it
saved), or when the model's probability alone reaches the code's threshold. Thresholds are chosen
on predictions for sources the model was not trained on (leave-one-source-out), from 0.8 up: a
code the rules did not find needs strong evidence. The same held-out predictions fit the
calibration that turns a probability into the confidence shown,
``confidence = sigmoid(a * logit(p) + b + c * rules_fired)``, so that of the signals shown with
confidence 0.8, about eight in ten are right.

Parameters ship as ``signals/data/signal_model.npz`` (vocabulary as JSON text, weights as
arrays; no pickles), rebuilt by ``python -m parley.signals.train``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from ..errors import ConfigError
from .codebook import SIGNAL_CODES

MODEL_FILE = Path(__file__).parent / "data" / "signal_model.npz"
FORMAT = 1


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class SignalModel:
    """A fitted multi-label signal model (see the module doc)."""

    codes: tuple[str, ...]
    vocab: dict[str, int]
    coef: np.ndarray  # (n_features, n_codes)
    intercept: np.ndarray  # (n_codes,)
    thresholds: np.ndarray  # (n_codes,): model-only decision threshold per code
    veto: float = 0.05  # a rule-fired code is dropped when the model's probability is below this
    calibration: tuple[float, float, float] = (1.0, 0.0, 0.0)  # a, b, c
    info: dict = field(default_factory=dict)

    # -- scoring --
    def indices(self, feats: Sequence[str]) -> list[int]:
        v = self.vocab
        return list({v[f] for f in feats if f in v})

    def proba(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """(n, n_codes) probabilities of each code for each statement's feature list."""
        out = np.empty((len(features), len(self.codes)), dtype=np.float64)
        coef, b = self.coef, self.intercept
        for i, feats in enumerate(features):
            idx = self.indices(feats)
            s = coef[idx].sum(axis=0) if idx else np.zeros(len(self.codes), dtype=np.float32)
            out[i] = s + b
        return _sigmoid(out)

    def decide(self, proba: np.ndarray, fired: np.ndarray) -> np.ndarray:
        """Which codes are reported: rule-fired and not vetoed, or confident alone."""
        return ((fired > 0) & (proba >= self.veto)) | (proba >= self.thresholds)

    def confidence(self, proba: np.ndarray, fired: np.ndarray) -> np.ndarray:
        a, b, c = self.calibration
        return _sigmoid(a * _logit(proba) + b + c * (fired > 0))

    def evidence(self, feats: Sequence[str], code: str, n: int = 3) -> list[str]:
        """The features that speak most for ``code`` in this statement (strongest first)."""
        j = self.codes.index(code)
        scored = sorted(((float(self.coef[self.vocab[f], j]), f) for f in set(feats) if f in self.vocab),
                        reverse=True)
        return [f for w, f in scored[:n] if w > 0]

    # -- storage --
    def save(self, path: Path = MODEL_FILE) -> Path:
        terms = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(
            path,
            format=np.array(FORMAT),
            codes=np.array(json.dumps(list(self.codes))),
            vocab=np.array(json.dumps(terms, ensure_ascii=False)),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            veto=np.array(self.veto, dtype=np.float32),
            calibration=np.array(self.calibration, dtype=np.float64),
            info=np.array(json.dumps(self.info, ensure_ascii=False)),
        )
        return Path(path)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> SignalModel:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: the signal model is missing; rebuild it with `python -m parley.signals.train`")
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT:
                    raise ConfigError(f"{path}: signal model format {int(z['format'])}, expected {FORMAT}; "
                                      "rebuild it with `python -m parley.signals.train`")
                codes = tuple(json.loads(str(z["codes"])))
                terms = json.loads(str(z["vocab"]))
                model = cls(
                    codes=codes,
                    vocab={t: i for i, t in enumerate(terms)},
                    coef=z["coef"].astype(np.float32),
                    intercept=z["intercept"].astype(np.float32),
                    thresholds=z["thresholds"].astype(np.float64),
                    veto=float(z["veto"]),
                    calibration=tuple(float(x) for x in z["calibration"]),  # type: ignore[arg-type]
                    info=json.loads(str(z["info"])),
                )
        except (KeyError, ValueError, OSError) as exc:
            raise ConfigError(f"{path}: not a signal model ({exc}); rebuild it with `python -m parley.signals.train`") from None
        unknown = [c for c in codes if c not in SIGNAL_CODES]
        if unknown:
            raise ConfigError(f"{path}: unknown signal codes {unknown}")
        if model.coef.shape != (len(terms), len(codes)):
            raise ConfigError(f"{path}: weights of shape {model.coef.shape} for {len(terms)} features and {len(codes)} codes")
        return model


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> SignalModel:
    return SignalModel.load(Path(path) if path else MODEL_FILE)


# -- training ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Example:
    """One training statement: its features, its gold codes and where it comes from."""

    features: tuple[str, ...]
    codes: frozenset[str]
    fired: frozenset[str]  # the codes the rules reported
    group: str  # the source (outlet, office, period) for leave-one-source-out
    language: str
    weight: float = 1.0


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
#: strong evidence (measured: lower thresholds added more false codes than they found on dev).
THRESHOLD_GRID = (0.8, 0.9, 0.95, 1.01)


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


__all__ = ["Example", "MODEL_FILE", "SignalModel", "THRESHOLD_GRID", "decision_parameters", "fit_calibration",
           "fit_model", "fit_weights", "held_out_proba", "load_model"]
