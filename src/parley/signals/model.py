"""The learned signal model: one logistic regression per signal code over the statement's features.

Features (:mod:`parley.signals.features`) are words and lemmas, cross-language concepts, masked
parties and the rule coder's hits, so the rules are evidence the model weighs, and their cues
explain what it reports. A code is reported when the rules fire it (unless the model's
probability is below ``veto``; 0, the default, never vetoes: measured, vetoing cost more than it
saved), or when the model's probability alone reaches the code's threshold. Thresholds are chosen
on predictions for sources the model was not trained on (leave-one-source-out), from 0.7 up: a
code the rules did not find needs strong evidence. The same held-out predictions fit the
calibration that turns a probability into the confidence shown,
``confidence = sigmoid(a * logit(p) + b + c * rules_fired)``, so that of the signals shown with
confidence 0.8, about eight in ten are right.

Fitting (scikit-learn) lives in :mod:`parley.signals.train`; coding needs numpy only.
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


__all__ = ["Example", "MODEL_FILE", "SignalModel", "load_model"]
