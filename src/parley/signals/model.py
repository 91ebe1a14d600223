"""The learned PLOVER event classifier: a linear model over lexical and verb-context features.

Input is a sentence with the acting source and the target marked as in PLV_train.tsv
(``<s>Russia</s> accused <t>Ukraine</t> of ...``); both are replaced by placeholders, so the model
learns the words of the act, not the actors. Features: TF-IDF of word uni- and bigrams, plus the
seven words after the source and the six before the target (the verb context). The classifier is a
multinomial logistic regression (class-balanced), trained on PLV_train.tsv and the PLOVER example
sentences of PLOVER_GSR_CAMEO.json (older labels mapped to PLOVER 2.0). It predicts PLOVER roots
with CONCEDE and RETREAT merged as YIELD (as the PLV data do); :mod:`parley.signals.events` splits
YIELD again by mode words.

Parameters ship as ``signals/data/plover_model.npz`` (vocabularies, idf weights, coefficients; no
pickles), rebuilt by ``python -m parley.signals.train``.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError, InputError

MODEL_FILE = Path(__file__).parent / "data" / "plover_model.npz"

#: Labels of the older PLOVER version used by PLOVER_GSR_CAMEO.json, mapped to PLOVER 2.0 roots
#: (with CONCEDE/RETREAT merged as YIELD, the PLV convention).
GSR_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
}

_SRC_RE = re.compile(r"<s>.*?</s>", re.DOTALL)
_TGT_RE = re.compile(r"<t>.*?</t>", re.DOTALL)
_TOK_RE = re.compile(r"\w+|SRCX|TGTX")


def plain(marked: str) -> str:
    """The sentence with the marked source and target replaced by placeholders."""
    return _TGT_RE.sub(" TGTX ", _SRC_RE.sub(" SRCX ", marked))


def verb_context(marked: str) -> str:
    """The words after the source (A_) and before the target (B_): the act between them."""
    toks = _TOK_RE.findall(plain(marked))
    out: list[str] = []
    if "SRCX" in toks:
        i = toks.index("SRCX")
        out += ["A_" + t.lower() for t in toks[i + 1 : i + 8]]
    if "TGTX" in toks:
        i = toks.index("TGTX")
        out += ["B_" + t.lower() for t in toks[max(0, i - 6) : i]]
    return " ".join(out)


def mark(text: str, source: str | None = None, target: str | None = None, cue: str | None = None) -> str:
    """Mark ``source`` and ``target`` in a sentence (or prefix the source to a statement's text)."""
    body = f"{cue} {text}" if cue else text
    if target and target in body:
        body = body.replace(target, f"<t>{target}</t>", 1)
    if source and source in body and f"<t>{source}" not in body:
        return body.replace(source, f"<s>{source}</s>", 1)
    return f"<s>{source or 'Speaker'}</s> {body}"


def _vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
    ctx = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False)
    return words, ctx


@dataclass
class PloverModel:
    """A fitted classifier; ``predict_proba`` gives one row of class probabilities per sentence."""

    classes: tuple[str, ...]
    words: object  # TfidfVectorizer over plain()
    ctx: object  # TfidfVectorizer over verb_context()
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)

    def _features(self, marked: Sequence[str]):
        from scipy.sparse import hstack

        return hstack(
            [self.words.transform([plain(m) for m in marked]), self.ctx.transform([verb_context(m) for m in marked])]
        ).tocsr()

    def predict_proba(self, marked: Sequence[str]) -> np.ndarray:
        if not marked:
            return np.zeros((0, len(self.classes)))
        scores = self._features(marked) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, marked: Sequence[str]) -> list[str]:
        p = self.predict_proba(marked)
        return [self.classes[i] for i in p.argmax(axis=1)]

    # -- training and storage --
    @classmethod
    def fit(cls, marked: Sequence[str], labels: Sequence[str], *, C: float = 20.0, seed: int = 0) -> PloverModel:
        from scipy.sparse import hstack
        from sklearn.linear_model import LogisticRegression

        words, ctx = _vectorizers()
        X = hstack(
            [words.fit_transform([plain(m) for m in marked]), ctx.fit_transform([verb_context(m) for m in marked])]
        ).tocsr()
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
        clf.fit(X, list(labels))
        return cls(
            classes=tuple(str(c) for c in clf.classes_),
            words=words,
            ctx=ctx,
            coef=clf.coef_.astype(np.float32),
            intercept=clf.intercept_.astype(np.float32),
        )

    def save(self, path: Path = MODEL_FILE) -> Path:
        def vocab(v) -> np.ndarray:
            terms = sorted(v.vocabulary_, key=v.vocabulary_.get)
            return np.array(terms, dtype=object)

        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            words_vocab=np.array(json.dumps(list(vocab(self.words)))),
            words_idf=self.words.idf_.astype(np.float32),
            ctx_vocab=np.array(json.dumps(list(vocab(self.ctx)))),
            ctx_idf=self.ctx.idf_.astype(np.float32),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
        )
        return path

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PloverModel:
        if not Path(path).is_file():
            raise ConfigError(
                f"{path}: the PLOVER model is missing; rebuild it with `python -m parley.signals.train`"
            )
        with np.load(path, allow_pickle=False) as z:
            words, ctx = _vectorizers()
            words.vocabulary_ = {t: i for i, t in enumerate(json.loads(str(z["words_vocab"])))}
            words.idf_ = z["words_idf"].astype(np.float64)
            ctx.vocabulary_ = {t: i for i, t in enumerate(json.loads(str(z["ctx_vocab"])))}
            ctx.idf_ = z["ctx_idf"].astype(np.float64)
            return cls(
                classes=tuple(str(c) for c in z["classes"]),
                words=words,
                ctx=ctx,
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
            )


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> PloverModel:
    return PloverModel.load(Path(path) if path else MODEL_FILE)


# -- training data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlvRow:
    id: str
    marked: str
    root: str


def read_plv(path: Path) -> list[PlvRow]:
    """Read a PLV-format TSV (sentence_id, gold_root, marked_sentence, ...)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        need = {"gold_root", "marked_sentence"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise InputError(str(path), f"not a PLV file: needs the columns {', '.join(sorted(need))}")
        for i, r in enumerate(reader, start=2):
            if not r.get("marked_sentence") or not r.get("gold_root"):
                raise InputError(str(path), "empty marked_sentence or gold_root", f"line {i}")
            rows.append(PlvRow(r.get("sentence_id") or str(i), r["marked_sentence"], r["gold_root"].strip().upper()))
    return rows


_GSR_MARK = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC):\s*([^()]*?)[)}]")


def read_gsr(path: Path) -> list[PlvRow]:
    """The PLOVER example sentences (PLOVER_GSR_CAMEO.json) in PLV form, labels mapped to 2.0."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for x in data:
        ev = x.get("event")
        info = x.get("textInfo")
        if not ev or ev == "DOCUMENT" or not info:
            continue
        markup = info["markup"] if isinstance(info, dict) else str(info)
        seen_src = False

        def rep(m: re.Match[str]) -> str:
            nonlocal seen_src
            kind, txt = m.group(1), m.group(2).strip()
            if kind in ("EVT", "LOC"):
                return txt
            if kind == "TAR":
                return f"<t>{txt}</t>"
            if kind == "SRC/TAR" and seen_src:
                return f"<t>{txt}</t>"
            seen_src = True
            return f"<s>{txt}</s>"

        marked = _GSR_MARK.sub(rep, markup)
        out.append(PlvRow(x["id"], " ".join(marked.split()), GSR_LABELS.get(ev, ev)))
    return out
