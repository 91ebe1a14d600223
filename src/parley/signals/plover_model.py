"""The learned PLOVER event classifier: a linear model over lexical and event-region features.

Input is a sentence with the acting source and the target marked as in PLV_train.tsv
(``<s>Russia</s> accused <t>Ukraine</t> of ...``); both are replaced by placeholders, so the model
learns the words of the act, not the actors. Four TF-IDF feature blocks:

- ``words``: word uni- and bigrams of the sentence;
- ``stems``: Snowball stems of its words (``accused``, ``accusing``, ``accusation`` meet);
- ``ctx``: the seven words after the source (``A_``) and the six before the target (``B_``);
- ``region``: the event region: the first verb after the source, skipping auxiliaries, modals and
  adverbs (``V_``, with its next word ``VV_``), a negation or refusal before it (``NEGV``), the
  stemmed words between source and target (``R_``) and their order (``ORD_ST`` / ``ORD_TS``).

The classifier is a class-balanced linear SVM (one-vs-rest), trained on PLV_train.tsv, the PLOVER
example sentences of PLOVER_GSR_CAMEO.json (older labels mapped to PLOVER 2.0) and, with a small
sample weight, the synthetic NGEC stories (fiction: used for training only, never for measuring;
their words do not enter the vocabularies). Its scores are turned into probabilities by a softmax
whose temperature is fitted by 3-fold cross-validation on the real sentences. It predicts PLOVER
roots with CONCEDE and RETREAT merged as YIELD (as the PLV data do); :mod:`parley.signals.events`
splits YIELD again by mode words.

Parameters ship as ``signals/data/plover_model.npz`` (vocabularies, idf weights, coefficients,
temperature; no pickles), rebuilt by ``python -m parley.signals.train``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import snowballstemmer

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

#: Words skipped when looking for the verb of the act after the source.
_AUX = frozenset(
    "has have had is was were are be been being will would shall should can could may might must did does do "
    "also reportedly allegedly then later yesterday today said says not never already again further jointly "
    "recently n t".split()
)
#: Negation and refusal words (``NEGV`` when one stands between the source and its verb).
_NEG = frozenset("not never n t no".split())

#: Sample weight of the synthetic stories against a real sentence (weight 1).
PRETRAIN_WEIGHT = 0.1


@functools.lru_cache(maxsize=1024)  # each feature block reads the same sentences of a batch
def plain(marked: str) -> str:
    """The sentence with the marked source and target replaced by placeholders."""
    return _TGT_RE.sub(" TGTX ", _SRC_RE.sub(" SRCX ", marked))


@functools.lru_cache(maxsize=1024)
def _tokens(marked: str) -> tuple[str, ...]:
    return tuple(_TOK_RE.findall(plain(marked)))


def verb_context(marked: str) -> str:
    """The words after the source (A_) and before the target (B_): the act between them."""
    toks = list(_tokens(marked))
    out: list[str] = []
    if "SRCX" in toks:
        i = toks.index("SRCX")
        out += ["A_" + t.lower() for t in toks[i + 1 : i + 8]]
    if "TGTX" in toks:
        i = toks.index("TGTX")
        out += ["B_" + t.lower() for t in toks[max(0, i - 6) : i]]
    return " ".join(out)


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-cased word."""
    return _stemmer().stemWord(word)


def stems(marked: str) -> str:
    """The sentence as stems, placeholders kept."""
    return " ".join(t if t in ("SRCX", "TGTX") else stem(t.lower()) for t in _tokens(marked))


def event_region(marked: str) -> str:
    """Features of the act: the verb after the source, a negation before it, the words up to the target."""
    toks = _tokens(marked)
    if "SRCX" not in toks:
        return ""
    low = [t.lower() for t in toks]
    i = toks.index("SRCX")
    out: list[str] = []
    j = i + 1
    while j < len(low) and (low[j] in _AUX or low[j].endswith("ly")):
        if low[j] in _NEG:
            out.append("NEGV")
        j += 1
    if j < len(low) and toks[j] != "TGTX":
        v = stem(low[j])
        out.append("V_" + v)
        if j + 1 < len(low):
            out.append(f"VV_{v}_" + ("TGT" if toks[j + 1] == "TGTX" else stem(low[j + 1])))
    if "TGTX" in toks:
        k = toks.index("TGTX")
        if k > i:
            out += ["R_" + stem(w) for w in low[i + 1 : k][:12]]
            out.append("ORD_ST")
        else:
            out.append("ORD_TS")
    return " ".join(out)


def mark(text: str, source: str | None = None, target: str | None = None, cue: str | None = None) -> str:
    """Mark ``source`` and ``target`` in a sentence (or prefix the source to a statement's text)."""
    body = f"{cue} {text}" if cue else text
    if target and target in body:
        body = body.replace(target, f"<t>{target}</t>", 1)
    if source and source in body and f"<t>{source}" not in body:
        return body.replace(source, f"<s>{source}</s>", 1)
    return f"<s>{source or 'Speaker'}</s> {body}"


#: The feature blocks: name -> (text function, TfidfVectorizer settings).
BLOCKS: dict[str, tuple] = {
    "words": (plain, {"ngram_range": (1, 2)}),
    "stems": (stems, {"token_pattern": r"\S+", "lowercase": False}),
    "ctx": (verb_context, {"token_pattern": r"\S+", "lowercase": False}),
    "region": (event_region, {"token_pattern": r"\S+", "lowercase": False}),
}


def _sklearn():
    """scikit-learn's vectorizer and SVM, and scipy's sparse matrices. They take over a second to
    import: loaded when the classifier is first loaded or trained, not by every command that
    imports the library."""
    # heavy optional imports, loaded with the classifier (see the docstring)
    from scipy import sparse
    from sklearn import svm
    from sklearn.feature_extraction import text

    return text, svm, sparse


def _vectorizer(name: str):
    text, _, _ = _sklearn()
    return text.TfidfVectorizer(sublinear_tf=True, **BLOCKS[name][1])


#: scikit-learn's default token pattern (two or more word characters)
_SKLEARN_TOKENS = re.compile(r"(?u)\b\w\w+\b")


class TfidfBlock:
    """A fitted TF-IDF vectoriser read back from the model file, computing what scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True, **BLOCKS[name][1])`` computes with that vocabulary and
    idf (same tokens, n-grams, ``1 + log(tf)``, idf, l2 norm), in plain Python and numpy: a
    command that codes a sentence does not load scikit-learn and SciPy (two seconds)."""

    def __init__(self, name: str, vocabulary: dict[str, int], idf: np.ndarray):
        settings = BLOCKS[name][1]
        self.name = name
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self.size = len(idf)
        self._lower = settings.get("lowercase", True)
        self._tokens = re.compile(settings["token_pattern"]) if "token_pattern" in settings else _SKLEARN_TOKENS
        self._ngrams = settings.get("ngram_range", (1, 1))

    def counts(self, text: str) -> dict[int, int]:
        """The vocabulary columns of ``text`` with their term counts."""
        words = self._tokens.findall(text.lower() if self._lower else text)
        lo, hi = self._ngrams
        grams = list(words) if lo == 1 else []
        for n in range(max(2, lo), hi + 1):
            grams += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        counts: dict[int, int] = {}
        vocab = self.vocabulary_
        for g in grams:
            j = vocab.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        return counts

    def rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The non-zero entries of the texts' rows: (row, column, value) arrays."""
        rows: list[int] = []
        cols: list[int] = []
        tf: list[int] = []
        for i, text in enumerate(texts):
            for c, n in self.counts(text).items():
                rows.append(i)
                cols.append(c)
                tf.append(n)
        r = np.array(rows, dtype=np.intp)
        c = np.array(cols, dtype=np.intp)
        values = (np.log(np.array(tf, dtype=np.float64)) + 1.0) * self.idf_[c] if tf else np.zeros(0)
        norms = np.sqrt(np.bincount(r, weights=values * values, minlength=len(texts)))
        safe = np.where(norms > 0, norms, 1.0)
        return r, c, values / safe[r] if tf else values


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _fit_svm(X, y, weights, C: float, seed: int):
    _, svm, _ = _sklearn()
    return svm.LinearSVC(C=C, class_weight="balanced", random_state=seed).fit(X, y, sample_weight=weights)


def _fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature that minimises the log loss of held-out scores (a grid search)."""
    best, best_t = np.inf, 1.0
    for t in np.geomspace(0.5, 30.0, 60):
        p = _softmax(scores * t)
        nll = -np.log(np.clip(p[np.arange(len(gold)), gold], 1e-12, None)).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


@dataclass
class PloverModel:
    """A fitted classifier; ``predict_proba`` gives one row of class probabilities per sentence."""

    classes: tuple[str, ...]
    vectorizers: dict[str, object]  # block name -> fitted TfidfVectorizer (see BLOCKS)
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)
    temperature: float = 1.0

    def _features(self, marked: Sequence[str]):
        _, _, sparse = _sklearn()
        return sparse.hstack([v.transform([BLOCKS[n][0](m) for m in marked]) for n, v in self.vectorizers.items()]).tocsr()

    def decision_function(self, marked: Sequence[str]) -> np.ndarray:
        if all(isinstance(v, TfidfBlock) for v in self.vectorizers.values()):
            weights = self.__dict__.get("_weights")
            if weights is None:  # one row per feature: a sentence's features are rows gathered
                weights = self.__dict__["_weights"] = np.ascontiguousarray(self.coef.T, dtype=np.float64)
            out = np.tile(self.intercept.astype(np.float64), (len(marked), 1))
            offset = 0
            for name, v in self.vectorizers.items():
                fn = BLOCKS[name][0]
                rows, cols, values = v.rows([fn(m) for m in marked])
                if len(rows):
                    np.add.at(out, rows, values[:, None] * weights[cols + offset])
                offset += v.size
            return out
        return np.asarray(self._features(marked) @ self.coef.T + self.intercept)

    def predict_proba(self, marked: Sequence[str]) -> np.ndarray:
        if not marked:
            return np.zeros((0, len(self.classes)))
        return _softmax(self.decision_function(marked) * self.temperature)

    def predict(self, marked: Sequence[str]) -> list[str]:
        if not marked:
            return []
        s = self.decision_function(marked)
        return [self.classes[i] for i in s.argmax(axis=1)]

    # -- training and storage --
    @classmethod
    def fit(cls, marked: Sequence[str], labels: Sequence[str], *, pretrain: Sequence[tuple[str, str]] = (),
            pretrain_weight: float = PRETRAIN_WEIGHT, C: float = 0.5, seed: int = 0) -> PloverModel:
        """Fit on marked sentences; ``pretrain`` (text, root) rows add training signal at a small weight.

        The vocabularies and idf weights come from ``marked`` alone; the temperature of the
        probabilities from 3-fold cross-validation over ``marked`` (``pretrain`` always trains).
        """
        _, _, sparse = _sklearn()
        texts = list(marked) + [t for t, _ in pretrain]
        y = np.array(list(labels) + [r for _, r in pretrain])
        n = len(marked)
        weights = np.ones(len(texts))
        weights[n:] = pretrain_weight
        vecs = {}
        blocks = []
        for name, (fn, _) in BLOCKS.items():
            v = _vectorizer(name)
            docs = [fn(m) for m in texts]
            v.fit(docs[:n])
            vecs[name] = v
            blocks.append(v.transform(docs))
        X = sparse.hstack(blocks).tocsr()
        clf = _fit_svm(X, y, weights, C, seed)
        classes = tuple(str(c) for c in clf.classes_)
        temperature = 1.0
        if n >= 30:
            folds = np.arange(n) % 3
            held = np.zeros((n, len(classes)))
            ok = np.ones(n, bool)
            for k in range(3):
                train = np.concatenate([np.where(folds != k)[0], np.arange(n, len(texts))])
                part = _fit_svm(X[train], y[train], weights[train], C, seed)
                cols = [classes.index(str(c)) for c in part.classes_]
                test = np.where(folds == k)[0]
                s = np.full((len(test), len(classes)), -1e3)
                s[:, cols] = part.decision_function(X[test]).reshape(len(test), -1) if len(cols) > 2 else 0.0
                held[test] = s
                ok[test] = len(cols) > 2
            gold = np.array([classes.index(str(c)) for c in y[:n]])
            if ok.any():
                temperature = _fit_temperature(held[ok], gold[ok])
        coef = clf.coef_ if len(classes) > 2 else np.vstack([-clf.coef_, clf.coef_]) / 2
        intercept = clf.intercept_ if len(classes) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]]) / 2
        return cls(classes=classes, vectorizers=vecs, coef=coef.astype(np.float32),
                   intercept=intercept.astype(np.float32), temperature=temperature)

    def save(self, path: Path = MODEL_FILE) -> Path:
        arrays = {}
        for name, v in self.vectorizers.items():
            terms = sorted(v.vocabulary_, key=v.vocabulary_.get)
            arrays[f"{name}_vocab"] = np.array(json.dumps(terms))
            arrays[f"{name}_idf"] = v.idf_.astype(np.float32)
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            blocks=np.array(json.dumps(list(self.vectorizers))),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
            temperature=np.array(self.temperature, dtype=np.float32),
            **arrays,
        )
        return path

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PloverModel:
        if not Path(path).is_file():
            raise ConfigError(
                f"{path}: the PLOVER model is missing; rebuild it with `python -m parley.signals.train`"
            )
        with np.load(path, allow_pickle=False) as z:
            if "blocks" not in z.files:
                raise ConfigError(f"{path}: an older PLOVER model; rebuild it with `python -m parley.signals.train`")
            names = json.loads(str(z["blocks"]))
            unknown = [n for n in names if n not in BLOCKS]
            if unknown:
                raise ConfigError(f"{path}: unknown feature blocks {unknown}; rebuild it with "
                                  "`python -m parley.signals.train`")
            vecs: dict[str, object] = {}
            for name in names:
                vocabulary = {t: i for i, t in enumerate(json.loads(str(z[f"{name}_vocab"])))}
                vecs[name] = TfidfBlock(name, vocabulary, z[f"{name}_idf"].astype(np.float64))
            return cls(
                classes=tuple(str(c) for c in z["classes"]),
                vectorizers=vecs,
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
                temperature=float(z["temperature"]),
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


def read_synthetic(path: Path) -> list[tuple[str, str]]:
    """The synthetic NGEC stories (zipped CSV with ``text`` and ``label``) as (text, root) rows, YIELD merged.

    They are machine-written fiction: use them to train, never to measure.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    out = []
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.endswith(".csv")]
        if not names:
            raise InputError(str(path), "no CSV file inside the archive")
        with zf.open(names[0]) as raw:
            reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
                raise InputError(str(path), "not a synthetic-story file: needs the columns label, text")
            for r in reader:
                text, label = (r.get("text") or "").strip(), (r.get("label") or "").strip().upper()
                if text and label:
                    out.append((text, "YIELD" if label in ("CONCEDE", "RETREAT") else label))
    return out
