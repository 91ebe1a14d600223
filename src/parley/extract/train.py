"""Train the cue scorer on PolNeAR's train split: ``python -m parley.extract.train``.

Candidates are the occurrences of the lexicon's reporting verbs and of the word forms learned
from the train annotations (:func:`learned_forms`: forms outside the lexicon that head annotated
cues often enough). Each occurrence is a training example, labelled by whether an annotator marked
it (or the phrase it heads) as the cue of an attribution with a source. A logistic regression over
:func:`parley.extract.cue_model.features` scores them.

The decision threshold is chosen by cross-validation over the train articles (``--folds``,
contiguous blocks): for each fold the forms, the speaker heads and the weights are learned from
the other folds, and the whole extractor is scored on the fold (contents matched as in the
evaluation); the threshold kept is the lowest whose pooled precision reaches ``MIN_PRECISION``. The
model is then refitted on every train article and written to
``parley/extract/data/cue_model_<language>.json``. The dev split is never read. Deterministic: the
same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from ..errors import InputError
from ..evaluation.annotations import corpus_records, default_corpora, default_dir
from ..evaluation.attribution import (
    AttributionScores,
    EvalDocument,
    GoldStatement,
    _default_registry,
    annotated_documents,
    grouped_scores,
    match_statements,
    read_polnear,
    score,
    score_documents,
)
from ..records import Statement
from . import _extractor_class
from .cue_model import CueScorer, features, load_scorer
from .extractor import Extractor
from .lexicon import load_lexicon
from .selector import MODEL_FILE, StatementSelector, load_selector
from .tokens import Tokens


def default_polnear() -> Path:
    """``$PARLEY_SHARED/corpora/polnear``, else ``../shared/corpora/polnear``."""
    return default_corpora() / "polnear"


MODEL_VERSION = "lr2"
#: thresholds tried by the cross-validation
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
#: a form outside the lexicon becomes a candidate when it is part of an annotated cue this many
#: times, and in at least this share of its occurrences
MIN_FORM_CUES = 2
MIN_FORM_RATE = 0.1
#: the precision the threshold must reach in cross-validation (PolNeAR annotates more than
#: the project counts as statements, beliefs and intentions among them: precision comes first;
#: 0.90 until the statement model came to select among the candidates downstream, 0.89 since)
MIN_PRECISION = 0.89
#: a lower-case noun is a plausible speaker's head when it heads an annotated source this often
MIN_HEAD_COUNT = 1


class _CachedExtractor(Extractor):
    """An extractor that tokenizes each text once (training reads every article many times); it
    keeps every candidate of the rules (no statement model) unless given one."""

    _cache: dict[str, Tokens] = {}

    def __init__(self, *args, selector=None, **kwargs):
        super().__init__(*args, selector=selector, **kwargs)

    def tokens(self, text: str, spacy_doc=None) -> Tokens:
        t = self._cache.get(text)
        if t is None:
            t = self._cache[text] = super().tokens(text, spacy_doc)
        return t


def _examples(ex: Extractor, data):
    X, y, groups = [], [], []
    for n, (doc, gold) in enumerate(data):
        t = ex.tokens(doc.text)
        cues = [sp for g in gold if g.scored for sp in g.cue_spans]
        for i, typ in ex.engine.candidates(t):
            if typ != "verb":
                continue
            a, b = t.starts[i], t.ends[i]
            label = any(s < b and a < e for s, e in cues)
            X.append(features(t, i, ex.lexicon))
            y.append(1 if label else 0)
            groups.append(n)
    return X, y, groups


def agent_heads(data, min_count: int = MIN_HEAD_COUNT) -> frozenset[str]:
    """Lower-case head nouns of annotated sources ("officials", "poll"), seen ``min_count`` times."""
    counts: dict[str, int] = {}
    for _, gold in data:
        for g in gold:
            if not g.speaker:
                continue
            head = re.split(r"\s*[,(\u2014]\s*", g.speaker.strip(), maxsplit=1)[0].split()
            if head and head[-1][:1].islower():
                h = head[-1].lower()
                counts[h] = counts.get(h, 0) + 1
    lx = load_lexicon("en")
    function_words = lx.determiners | lx.np_breaks | frozenset(lx.pronouns) | lx.name_inner | lx.skip_between
    return frozenset(
        h for h, c in counts.items() if c >= min_count and h.isalpha() and h not in function_words and h not in ("more", "less")
    )


def learned_forms(ex: Extractor, data, min_cues: int = MIN_FORM_CUES, min_rate: float = MIN_FORM_RATE) -> frozenset[str]:
    """Word forms outside the lexicon that head annotated cues often enough to be candidates."""
    total: dict[str, int] = {}
    cue: dict[str, int] = {}
    lx = ex.lexicon
    for doc, gold in data:
        t = ex.tokens(doc.text)
        spans = sorted(sp for g in gold if g.scored for sp in g.cue_spans)
        for i, w in enumerate(t.lower):
            if not w.isalpha() or w in lx.verb_forms or w in lx.np_breaks or w in lx.pronouns or w in lx.determiners:
                continue
            total[w] = total.get(w, 0) + 1
            a, b = t.starts[i], t.ends[i]
            if any(s < b and a < e for s, e in spans):
                cue[w] = cue.get(w, 0) + 1
    return frozenset(w for w, c in cue.items() if c >= min_cues and c / total[w] >= min_rate)


def fit(X, y, C: float = 0.5, sample_weight=None) -> dict[str, float]:
    # keep features seen at least twice: rarer ones only memorise
    counts: dict[str, int] = {}
    for fs in X:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    keep = {f for f, c in counts.items() if c >= 2}
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in fs if f in keep} for fs in X]).tocsr()
    M.indices = M.indices.astype("int32")
    M.indptr = M.indptr.astype("int32")
    clf = LogisticRegression(C=C, max_iter=2000, solver="liblinear", random_state=0)
    clf.fit(M, y, sample_weight=sample_weight)
    weights = {f: float(w) for f, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-3}
    weights["bias"] = weights.get("bias", 0.0) + float(clf.intercept_[0])
    return {k: round(v, 4) for k, v in weights.items()}


def build(data, language: str = "en", threshold: float = 0.5) -> CueScorer:
    """A scorer learned from ``data`` (articles with their gold statements)."""
    plain = _CachedExtractor(language=language, scorer=None)
    forms = learned_forms(plain, data)
    base = _CachedExtractor(language=language, scorer=CueScorer({}, 0.5, MODEL_VERSION, frozenset(), forms))
    X, y, _ = _examples(base, data)
    return CueScorer(fit(X, y), threshold, MODEL_VERSION, agent_heads(data), forms)


def cross_validate(data, language: str = "en", folds: int = 3, log=print) -> dict[float, tuple[float, float, float]]:
    """Pooled (precision, recall, F1) of the whole extractor per threshold, over ``folds``
    contiguous folds of ``data``, each scored by a scorer learned from the other folds."""
    pooled: dict[float, list] = {th: [] for th in THRESHOLDS}
    n = len(data)
    for k in range(folds):
        a, b = n * k // folds, n * (k + 1) // folds
        held, rest = data[a:b], data[:a] + data[b:]
        scorer = build(rest, language)
        log(f"fold {k + 1}/{folds}: {len(rest)} articles to learn from, {len(held)} to score")
        for th in THRESHOLDS:
            ex = _CachedExtractor(language=language, scorer=scorer, threshold=th)
            pooled[th].extend((list(ex._extract(doc, None)), gold) for doc, gold in held)
    out = {}
    for th in THRESHOLDS:
        s = score("cv", pooled[th], check_speaker_in_match=False)
        out[th] = (s.precision, s.recall, s.f1)
        log(f"threshold {th:.2f}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} speaker {s.speaker_accuracy:.3f}")
    return out


def train(corpus: Path, language: str = "en", out: Path | None = None, log=print, folds: int = 3) -> Path:
    data = read_polnear(corpus, "train")
    cv = cross_validate(data, language, folds, log)
    # the operating point: the lowest threshold (the best recall) whose cross-validated precision
    # reaches MIN_PRECISION; the highest threshold when none does
    best = min((th for th, (p, _, _) in cv.items() if p >= MIN_PRECISION), default=max(THRESHOLDS))
    scorer = build(data, language, best)
    log(f"{len(scorer.learned_forms)} learned cue forms, {len(scorer.agent_heads)} speaker heads")
    out = out or Path(__file__).parent / "data" / f"cue_model_{language}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(scorer.to_json() + "\n", encoding="utf-8")
    log(f"wrote {out} ({len(scorer.weights)} weights, threshold {best})")
    return out


def common_words(conllu: Path, min_count: int = 2) -> list[str]:
    """Lower-case words a treebank uses mostly as common words (any part of speech but a proper
    noun), seen at least ``min_count`` times: a capitalised word among them that the registry does
    not know is no speaker's name ("Despite", "Together", "Nuclear Weapons")."""
    common: dict[str, int] = {}
    proper: dict[str, int] = {}
    with conllu.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t")
            if len(cols) < 4 or not cols[0].isdigit() or not cols[1].isalpha():
                continue
            w = cols[1].lower()
            table = proper if cols[3] == "PROPN" else common
            table[w] = table.get(w, 0) + 1
    return sorted(w for w, n in common.items() if n >= min_count and n > proper.get(w, 0))


def write_common_words(treebank: Path, out: Path | None = None, log=print) -> Path:
    out = out or Path(__file__).parent / "data" / "common_words_en.txt"
    words = common_words(treebank)
    header = ("# Lower-case words UD English EWT (train; CC BY-SA 4.0) uses mostly as common words;\n"
              "# rebuilt by `python -m parley.extract.train --only common-words`.\n")
    out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    log(f"wrote {out} ({len(words)} words)")
    return out


#: the English corpora the Latin spellings of names are read from, with the record sources kept
#: (None: all): only train and dev sources (annotations/README.md), never a blind one (the White
#: House items of 2025-26, the Belarusian outlets)
LATIN_NAME_SOURCES: dict[str, frozenset[str] | None] = {
    "kremlin-zelensky-press-2021-22": None,
    "zelenskyy-speeches-en-2022-23": None,
    "ua-by-outlets-en-2022-24": frozenset(["UA"]),
    "whitehouse-briefings-2024-26": None,  # 2024 only, below
}
_LATIN_WORD = re.compile(r"(?<=[a-z,;:\"\u201c\u2019)] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)?(?![\w-])")


def latin_names(corpora: Path, polnear: Path | None = None, min_count: int = 2) -> dict[str, int]:
    """Capitalised words inside sentences (no sentence's first word) of the English train and dev
    corpora and PolNeAR's texts, with their counts: how English text spells names. A word the same
    text writes in lower case as often as capitalised is a common word ("Someone", "Video" after a
    colon or in a title), not a name, and is left out."""
    counts: dict[str, int] = {}
    lower: dict[str, int] = {}

    def add(text: str) -> None:
        for m in _LATIN_WORD.finditer(text):
            counts[m.group()] = counts.get(m.group(), 0) + 1
        for w in _LOWER_WORD.findall(text):
            lower[w] = lower.get(w, 0) + 1

    for corpus, sources in LATIN_NAME_SOURCES.items():
        for r in corpus_records(corpus, corpora).values():
            if sources is not None and r.source not in sources:
                continue
            if corpus.startswith("whitehouse") and str(r.published)[:4] != "2024":
                continue
            add(r.text)
    if polnear is not None:
        for f in sorted((polnear / "train" / "text").glob("*.txt")):
            add(f.read_text("utf-8", errors="replace"))
    return {w: c for w, c in counts.items() if c >= min_count and lower.get(w.lower(), 0) < c}


def write_latin_names(corpora: Path, polnear: Path | None, out: Path | None = None, log=print) -> Path:
    out = out or Path(__file__).parent / "data" / "latin_names.txt"
    names = latin_names(corpora, polnear)
    header = ("# Capitalised words of English train/dev text (the project's English corpora but the blind sources, and\n"
              "# PolNeAR train) with their counts: how English spells names; rebuilt by\n"
              "# `python -m parley.extract.train --only latin-names`.\n")
    out.write_text(header + "".join(f"{w}\t{c}\n" for w, c in sorted(names.items())), encoding="utf-8")
    log(f"wrote {out} ({len(names)} words)")
    return out


#: the Russian and Ukrainian corpora whose case usage says which words are common words, with the
#: record sources kept: train and dev sources only (annotations/README.md), never a blind one
CASE_SOURCES: dict[str, dict[str, frozenset[str]]] = {
    "ru": {"ria-telegram-2024": frozenset(["rian_ru"])},
    "uk": {"ukrainian-news-2024-11": frozenset(["RBC-Ukraine", "Babel", "Babel (Pekeltse)"]),
           "ua-officials-2022": frozenset(["Володимир Зеленський"])},
}
_CASE_WORD = re.compile(r"(?<=[\w,;:)\u00bb] )[^\W\d_][\w\u2019'\-]*")


def lowercase_words(language: str, corpora: Path, min_lower: int = 3, ratio: float = 5.0) -> list[str]:
    """Words the language's train and dev text writes in lower case inside sentences at least
    ``min_lower`` times and ``ratio`` times as often as capitalised there: common words, so that
    one capitalised at a sentence's start ("Ще 14 ...", "Вже ...") is no name."""
    lower: dict[str, int] = {}
    cap: dict[str, int] = {}
    for corpus, sources in CASE_SOURCES[language].items():
        for r in corpus_records(corpus, corpora).values():
            if r.source not in sources:
                continue
            for m in _CASE_WORD.finditer(r.text):
                w = m.group()
                if w.islower():
                    lower[w] = lower.get(w, 0) + 1
                elif w[:1].isupper() and not w.isupper():
                    cap[w.lower()] = cap.get(w.lower(), 0) + 1
    return sorted(w for w, n in lower.items() if n >= min_lower and n >= ratio * cap.get(w, 0))


def write_lowercase_words(corpora: Path, out: Path | None = None, log=print) -> list[Path]:
    paths = []
    for language in CASE_SOURCES:
        path = out if out is not None and len(CASE_SOURCES) == 1 else Path(__file__).parent / "data" / f"lowercase_words_{language}.txt"
        words = lowercase_words(language, corpora)
        header = (f"# Words the {language} train/dev corpora write in lower case inside sentences (5 times as often as\n"
                  "# capitalised there, 3 times at least): common words; rebuilt by\n"
                  "# `python -m parley.extract.train --only lowercase-words`.\n")
        path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        log(f"wrote {path} ({len(words)} words)")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Train the extractor's learned parts offline: the English cue scorer (PolNeAR train), the "
        "statement model (PolNeAR train and the annotated corpus' train split) and the English common-word list "
        "(UD English EWT train).",
        epilog="Example: python -m parley.extract.train --only selector --annotations annotations/",
    )
    ap.add_argument("--corpus", type=Path, default=None, help="the PolNeAR folder (default: ../shared/corpora/polnear)")
    ap.add_argument("--annotations", type=Path, default=None, help="the annotated corpus (default: the repository's annotations/)")
    ap.add_argument("--treebank", type=Path, default=None, help="UD English EWT train (.conllu) for the common-word list")
    ap.add_argument("--only", choices=("cue", "selector", "common-words", "latin-names", "lowercase-words"), action="append",
                    help="train only these parts (repeatable; default: all three)")
    ap.add_argument("--language", default="en", help="the cue scorer's language")
    ap.add_argument("--out", type=Path, default=None, help="with one --only: where to write the model")
    ap.add_argument("--folds", type=int, default=3, help="cross-validation folds for the cue scorer's threshold")
    args = ap.parse_args(argv)
    args.corpus = args.corpus or default_polnear()
    parts = args.only or ["common-words", "latin-names", "lowercase-words", "cue", "selector"]
    out = args.out if len(parts) == 1 else None

    def log(m: str) -> None:
        print(m, file=sys.stderr)

    if "common-words" in parts:
        treebank = args.treebank or args.corpus.parent / "ud-english-ewt" / "en_ewt-ud-train.conllu"
        write_common_words(treebank, out, log)
    if "latin-names" in parts:
        write_latin_names(default_corpora(), args.corpus, out, log)
    if "lowercase-words" in parts:
        write_lowercase_words(default_corpora(), None, log)
    if "cue" in parts:
        train(args.corpus, args.language, out, log=log, folds=args.folds)
    if "selector" in parts:
        load_selector.cache_clear()
        load_scorer.cache_clear()
        train_selector(args.annotations or default_dir(), args.corpus, out, registry=_default_registry(),
                       corpora=default_corpora(), log=log)
    return 0




# ------------------------------------------------------------------ the statement model
#: the statement model's version (stamped on every statement: the extractor's version)
SELECTOR_VERSION = "sm1"
#: thresholds the cross-validation tries for the statement model
SELECTOR_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
#: how much one example of the annotated corpus weighs against one of PolNeAR (PolNeAR has many
#: more, and annotates by its own rules: beliefs, sources such as "the report")
ANNOTATION_WEIGHT = 4.0
#: the regularisation of the statement model (inverse strength)
SELECTOR_C = 0.3
#: PolNeAR's train articles are split into this many folds in the cross-validation
POLNEAR_FOLDS = 3


@dataclass
class DocCandidates:
    """One training document: where it belongs, its candidates (statement, features, label)."""

    item: EvalDocument
    candidates: list[tuple[Statement, list[str], int]]
    annotated: bool  # the project's own annotation (speakers in the label), else PolNeAR


def label_candidates(cands: Sequence[Statement], gold: Sequence[GoldStatement], *, speakers: bool) -> list[int]:
    """1 for each candidate that matches a gold statement (contents overlapping by half the
    shorter span, and with ``speakers`` the same speaker), else 0."""
    matched = {i for i, j in match_statements(cands, gold, check_speaker=speakers) if gold[j].scored}
    return [1 if i in matched else 0 for i in range(len(cands))]


def polnear_documents(corpus: Path, split: str = "train") -> list[EvalDocument]:
    return [EvalDocument(doc, tuple(gold), "en", "polnear", "polnear", "polnear") for doc, gold in read_polnear(corpus, split)]


def collect_candidates(items: Sequence[EvalDocument], registry: Any = None, *, annotated: bool, log=None) -> list[DocCandidates]:
    """Every candidate of the rules in ``items`` with its features and label."""
    out = []
    extractors: dict[str, Extractor] = {}
    for n, it in enumerate(items):
        ex = extractors.get(it.language)
        if ex is None:
            ex = extractors[it.language] = _extractor_class(it.language)(registry=registry, language=it.language, selector=None)
        cands = ex.candidates(it.document)
        labels = label_candidates([c for c, _ in cands], it.gold, speakers=annotated)
        out.append(DocCandidates(it, [(c, f, y) for (c, f), y in zip(cands, labels)], annotated))
        if log is not None and (n + 1) % 200 == 0:
            log(f"  {n + 1}/{len(items)} documents read")
    return out


def fit_selector(docs: Sequence[DocCandidates], threshold: float = 0.5) -> StatementSelector:
    """A statement model learned from the candidates of ``docs``."""
    X, y, w = [], [], []
    for d in docs:
        for _, feats, label in d.candidates:
            X.append(feats)
            y.append(label)
            w.append(ANNOTATION_WEIGHT if d.annotated else 1.0)
    if len(set(y)) < 2:
        raise ValueError("the statement model needs positive and negative examples")
    return StatementSelector(fit(X, y, C=SELECTOR_C, sample_weight=w), threshold, SELECTOR_VERSION)


def select(doc: DocCandidates, selector: StatementSelector, threshold: float | None = None) -> list[Statement]:
    th = selector.threshold if threshold is None else threshold
    return [c for c, feats, _ in doc.candidates if selector.probability(feats) >= th]


def held_out_probabilities(folds: Sequence[Sequence[DocCandidates]], everything: Sequence[DocCandidates], log=None
                           ) -> list[tuple[DocCandidates, list[float]]]:
    """For each fold, a model learned from every document outside it scores the fold's
    candidates: the candidates' held-out probabilities."""
    out = []
    for k, fold in enumerate(folds):
        inside = {id(d) for d in fold}
        model = fit_selector([d for d in everything if id(d) not in inside])
        for d in fold:
            out.append((d, [model.probability(f) for _, f, _ in d.candidates]))
        if log is not None:
            log(f"  fold {k + 1}/{len(folds)}: {len(fold)} documents held out")
    return out


def source_folds(docs: Sequence[DocCandidates], polnear_folds: int = POLNEAR_FOLDS) -> list[list[DocCandidates]]:
    """Folds for cross-validation: one per source of the annotated corpus (leave one source out),
    and PolNeAR's articles in ``polnear_folds`` contiguous blocks."""
    groups: dict[str, list[DocCandidates]] = {}
    for d in docs:
        if d.annotated:
            groups.setdefault(d.item.group, []).append(d)
    folds = [groups[g] for g in sorted(groups)]
    pn = [d for d in docs if not d.annotated]
    for k in range(polnear_folds if pn else 0):
        a, b = len(pn) * k // polnear_folds, len(pn) * (k + 1) // polnear_folds
        folds.append(pn[a:b])
    return folds


def scores_at(held: Sequence[tuple[DocCandidates, list[float]]], threshold: float) -> dict[str, AttributionScores]:
    """Pooled scores of held-out predictions at ``threshold``: per language of the annotated corpus
    (speakers matched) and on PolNeAR (contents matched)."""
    pools: dict[str, list] = {}
    for d, probs in held:
        kept = [c for (c, _, _), p in zip(d.candidates, probs) if p >= threshold]
        key = d.item.language if d.annotated else "polnear"
        pools.setdefault(key, []).append((kept, list(d.item.gold)))
    return {k: score(k, v, check_speaker_in_match=(k != "polnear")) for k, v in pools.items()}


def choose_threshold(held: Sequence[tuple[DocCandidates, list[float]]], log=print) -> float:
    """The threshold with the best mean cross-validated F1 over the languages of the annotated
    corpus and PolNeAR. (One threshold for every language: a threshold per language was tried and
    overfits the few sources each language has.)"""
    best, best_f = SELECTOR_THRESHOLDS[0], -1.0
    for th in SELECTOR_THRESHOLDS:
        sc = scores_at(held, th)
        mean = sum(s.f1 for s in sc.values()) / len(sc)
        log(f"threshold {th:.2f}: " + ", ".join(f"{k} F1 {s.f1:.3f} (P {s.precision:.3f} R {s.recall:.3f})" for k, s in sorted(sc.items()))
            + f"; mean {mean:.3f}")
        if mean > best_f + 1e-9:
            best, best_f = th, mean
    return best


def training_documents(annotations: Path | None, polnear: Path | None, registry: Any = None, corpora: Path | None = None,
                       log=print) -> list[DocCandidates]:
    """The candidates of PolNeAR's train split and of the train split of the annotated corpus."""
    docs: list[DocCandidates] = []
    if polnear is not None:
        pn = polnear_documents(polnear, "train")
        log(f"PolNeAR train: {len(pn)} articles")
        docs += collect_candidates(pn, registry, annotated=False, log=log)
    if annotations is not None:
        items = annotated_documents(annotations, "train", corpora)
        log(f"annotated corpus, train split: {len(items)} documents from {len({i.group for i in items})} sources")
        docs += collect_candidates(items, registry, annotated=True, log=log)
    return docs


def train_selector(annotations: Path | None, polnear: Path | None, out: Path | None = None, registry: Any = None,
                   corpora: Path | None = None, log=print) -> Path:
    """Learn the statement model; its threshold from leave-one-source-out cross-validation."""
    docs = training_documents(annotations, polnear, registry, corpora, log)
    log("cross-validation (one fold per annotated source, PolNeAR in blocks)")
    held = held_out_probabilities(source_folds(docs), docs, log)
    th = choose_threshold(held, log)
    model = fit_selector(docs, th)
    out = out or Path(__file__).parent / "data" / MODEL_FILE
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    log(f"wrote {out} ({len(model.weights)} weights, threshold {th})")
    return out


def leave_one_source_out(path: str | Path, *, polnear: str | Path | None = None, registry: Any = None,
                         corpora: Path | None = None, by: Sequence[str] = ("language", "genre"),
                         threshold: float | None = None, log: Any = None) -> list[dict[str, Any]]:
    """Leave-one-source-out scores of the learned statement model on the train split of the
    annotated corpus: for each train source, the model is learned from PolNeAR's train split and
    every other train source, and the extractor with it is scored on that source. One row per
    held-out source, and the held-out predictions pooled overall, per language and per ``by``
    group. ``threshold`` is the model's (the packaged model's when not given)."""
    reg = registry if registry is not None else _default_registry()
    pn = Path(polnear) if polnear is not None else None
    docs = training_documents(Path(path), pn, reg, corpora, log=log or (lambda m: None))
    annotated = [d for d in docs if d.annotated]
    if not annotated:
        raise InputError(str(path), "no annotated documents in the train split")
    packaged = load_selector()

    def th(lang: str) -> float:
        if threshold is not None:
            return threshold
        return packaged.threshold if packaged is not None else 0.5

    folds = [f for f in source_folds(docs, polnear_folds=0)]
    held = held_out_probabilities(folds, docs, log)
    items = [d.item for d, _ in held]
    preds = [[c for (c, _, _), p in zip(d.candidates, probs) if p >= th(d.item.language)] for d, probs in held]
    rows = grouped_scores("loso", items, preds, by)
    for group in sorted({it.group for it in items}):
        ks = [k for k, it in enumerate(items) if it.group == group]
        s = score_documents("loso", [items[k] for k in ks], [preds[k] for k in ks])
        first = items[ks[0]]
        rows.append({"split": "loso", "language": first.language, "genre": "all", "source": group, **s.as_dict()})
    return rows


if __name__ == "__main__":
    sys.exit(main())
