"""What a statement is about (its theatre) and whom it addresses (its target).

**Theatre** is one of :data:`THEATRES`: the war in Ukraine (``russia-ukraine``), the Middle East,
a ``bilateral`` relationship not about a war, or ``other``. A multinomial logistic regression
(:class:`TheatreModel`, shipped as ``signals/data/theatre_model.npz``) reads the statement's
words and concepts, the parties it names (their sides, and the theatre each side belongs to in
``signals/data/theatres.yaml``), the places and groups of each theatre, and the same evidence over
the whole document (a statement that says "the talks" in an article about Gaza is about Gaza).
Names enter these features, unlike the signal model's: which conflict a statement concerns is
exactly what the names say.

**Target** (:func:`statement_target`) is the party addressed or acted upon, as a side code: the
party of another side than the speaker's that the statement names most (first on a tie); a
label such as "the occupiers" stands for the other side of the speaker's theatre; never the
speaker's own side, so a colleague quoted in the statement is not a target.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..records import THEATRES
from .features import Token, theatre_sides

MODEL_FILE = Path(__file__).parent / "data" / "theatre_model.npz"
FORMAT = 1

#: The opposing side of each side of a two-party theatre (for labels like "the occupiers").
OPPONENT = {"RU": "UA", "UA": "RU", "IL": "PS", "PS": "IL"}


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Theatre evidence over a whole document: counts of each theatre's words and parties, and
    of parties outside any theatre."""

    theatre_counts: tuple[tuple[str, int], ...] = ()
    foreign: int = 0
    present: bool = True

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> DocumentContext:
        th = theatre_sides()
        counts: Counter[str] = Counter()
        foreign = 0
        for t in tokens:
            for x in t.theatres:
                counts[x] += 1
            if t.party and t.party not in ("other", "any"):
                if t.party in th:
                    counts[th[t.party]] += 1
                else:
                    foreign += 1
        return cls(tuple(sorted(counts.items())), foreign)

    def features(self) -> list[str]:
        if not self.present:
            return ["d:none"]
        total = sum(n for _, n in self.theatre_counts) + self.foreign
        if not total:
            return ["d:empty"]
        out = []
        for theatre, n in self.theatre_counts:
            share = n / total
            out.append(f"d:{theatre}")
            out.append(f"d:{theatre}:{'high' if share >= 0.6 else 'mid' if share >= 0.3 else 'low'}")
        share = self.foreign / total
        if self.foreign:
            out.append(f"d:foreign:{'high' if share >= 0.6 else 'mid' if share >= 0.3 else 'low'}")
        return out


NO_DOCUMENT = DocumentContext(present=False)


def theatre_features(tokens: Sequence[Token], cue_tokens: Sequence[Token] = (), *, speaker_side: str | None = None,
                     document: DocumentContext = NO_DOCUMENT, language: str = "en") -> list[str]:
    """The feature names the theatre model reads for one statement."""
    th = theatre_sides()
    feats = [f"lang:{language}"]
    spk = th.get(speaker_side or "", "none" if speaker_side else "unknown")
    feats.append(f"spk:{spk}")
    foreign: set[str] = set()
    hits: Counter[str] = Counter()
    for t in list(tokens) + list(cue_tokens):
        feats.append(f"w:{t.norm}")
        for c in t.concepts:
            feats.append(f"c:{c}")
        for x in t.theatres:
            feats.append(f"t:{x}")
            hits[x] += 1
        if t.party and t.party not in ("other", "any"):
            feats.append(f"s:{t.party}")
            if t.party in th:
                feats.append(f"t:{th[t.party]}")
                hits[th[t.party]] += 1
            elif t.party != speaker_side:
                foreign.add(t.party)
        elif t.party == "other":
            feats.append("s:other")
    for x, n in hits.items():  # how much of the statement points to each theatre
        feats.append(f"tn:{x}:{min(n, 3)}")
    if hits:
        feats.append(f"top:{max(sorted(hits), key=hits.get)}")
    feats.append(f"foreign:{min(len(foreign), 2)}")
    feats += document.features()
    return feats


@dataclass
class TheatreModel:
    """Multinomial logistic regression over :func:`theatre_features`."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    coef: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray
    info: dict = field(default_factory=dict)

    def proba(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        out = np.empty((len(features), len(self.classes)))
        for i, feats in enumerate(features):
            idx = list({self.vocab[f] for f in feats if f in self.vocab})
            out[i] = (self.coef[idx].sum(axis=0) if idx else 0.0) + self.intercept
        out -= out.max(axis=1, keepdims=True)
        e = np.exp(out)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, features: Sequence[Sequence[str]]) -> list[str]:
        if not features:
            return []
        return [self.classes[int(i)] for i in self.proba(features).argmax(axis=1)]

    def save(self, path: Path = MODEL_FILE) -> Path:
        terms = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(
            path, format=np.array(FORMAT), classes=np.array(json.dumps(list(self.classes))),
            vocab=np.array(json.dumps(terms, ensure_ascii=False)), coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32), info=np.array(json.dumps(self.info, ensure_ascii=False)),
        )
        return Path(path)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> TheatreModel:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: the theatre model is missing; rebuild it with `python -m parley.signals.train`")
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT:
                    raise ConfigError(f"{path}: theatre model format {int(z['format'])}, expected {FORMAT}")
                classes = tuple(json.loads(str(z["classes"])))
                terms = json.loads(str(z["vocab"]))
                model = cls(classes, {t: i for i, t in enumerate(terms)}, z["coef"].astype(np.float32),
                            z["intercept"].astype(np.float32), json.loads(str(z["info"])))
        except (KeyError, ValueError, OSError) as exc:
            raise ConfigError(f"{path}: not a theatre model ({exc}); rebuild it with `python -m parley.signals.train`") from None
        bad = [c for c in classes if c not in THEATRES]
        if bad:
            raise ConfigError(f"{path}: unknown theatres {bad}; known: {', '.join(THEATRES)}")
        return model


@functools.lru_cache(maxsize=2)
def load_theatre_model(path: str | None = None) -> TheatreModel:
    return TheatreModel.load(Path(path) if path else MODEL_FILE)


def statement_target(tokens: Sequence[Token], speaker_side: str | None, theatre: str | None = None,
                     cue_tokens: Sequence[Token] = ()) -> str | None:
    """The side a statement addresses or acts upon (see the module doc), or None."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for k, t in enumerate(list(cue_tokens) + list(tokens)):
        side = t.party
        if side is None or side == "any":
            continue
        if side == "other":
            side = OPPONENT.get(speaker_side or "")
            if side is None:
                continue
        if speaker_side and side == speaker_side:
            continue
        if k and (list(cue_tokens) + list(tokens))[k - 1].party == t.party and not t.brk:
            continue  # one mention of several words counts once
        counts[side] += 1
        first.setdefault(side, k)
    if not counts:
        return None
    return max(counts, key=lambda s: (counts[s], -first[s]))


__all__ = ["DocumentContext", "NO_DOCUMENT", "OPPONENT", "THEATRES", "TheatreModel", "load_theatre_model",
           "statement_target", "theatre_features"]
