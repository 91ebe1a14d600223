"""Scoring statement extraction against hand annotations: the project's gold and PolNeAR.

Matching follows ``../shared/gold/GUIDELINES.md``: a predicted statement matches a gold statement
of the same document when their content spans overlap by at least half of the shorter span and
the speakers agree (same canonical name, or the same surname). Matching is many-to-one:
precision counts predictions that match some gold statement, recall counts gold statements matched
by some prediction.

PolNeAR (brat standoff, ``../shared/corpora/polnear``) names sources as the text does (often a
pronoun), so there a statement is found when the contents overlap as above, whoever the speaker;
speaker accuracy is then measured on the found statements whose gold source is a name, not a
pronoun. Each article is scored against one annotator's file (the first by name). Attributions
without a source ("Attribution-no-source") are not statements by the guidelines: they are not
counted in recall, and a prediction that only matches one of them is not counted against
precision either.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..actors import load_registry
from ..errors import InputError
from ..extract import get_extractor
from ..extract.extractor import Extractor
from ..records import Document, Statement
from . import annotations as ann

_PRONOUNS = frozenset(
    ["he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "i", "me", "my", "we", "us", "our", "you", "your", "who", "whom", "whose", "which", "that", "this", "these", "those", "one", "someone", "some", "others", "many"]
)
_STRIP = frozenset(["the", "a", "an", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep.", "gov.", "president"])


@dataclass(frozen=True, slots=True)
class GoldStatement:
    """A gold statement: its content span, speaker and, for PolNeAR, the source as written."""

    doc_id: str
    start: int
    end: int
    speaker: str | None
    named: bool = True  # the source is a name (not a pronoun): speaker accuracy is checked
    scored: bool = True  # counts in recall (False: an attribution without a source)
    cue: str | None = None
    kind: str | None = None
    cue_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class AttributionScores:
    """Statement precision, recall and F1, and speaker accuracy, over one data set."""

    dataset: str
    documents: int
    predicted: int
    gold: int
    true_positives: int  # predictions matching some gold statement
    found: int  # gold statements matched by some prediction
    precision: float
    recall: float
    f1: float
    speaker_checked: int
    speaker_correct: int
    speaker_accuracy: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "predicted": self.predicted,
            "gold": self.gold,
            "true_positives": self.true_positives,
            "found": self.found,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_checked": self.speaker_checked,
            "speaker_correct": self.speaker_correct,
            "speaker_accuracy": round(self.speaker_accuracy, 4),
        }


# ----------------------------------------------------------------- matching
def overlap_ok(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether two spans overlap by at least half of the shorter one."""
    ov = min(a1, b1) - max(a0, b0)
    if ov <= 0:
        return False
    return 2 * ov >= min(a1 - a0, b1 - b0)


def _name_tokens(name: str | None) -> list[str]:
    if not name:
        return []
    words = re.findall(r"[\w'\u2019\-]+", name.lower().replace("\u2019", "'"))
    words = [w.removesuffix("'s") for w in words]
    return [w for w in words if w not in _STRIP]


def speakers_agree(a: str | None, b: str | None) -> bool:
    """Same canonical name, or the same surname (last word), case and titles aside."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or ta[-1] == tb[-1]:
        return True
    return False


def source_agrees(speaker: str | None, source: str | None) -> bool:
    """Whether a predicted speaker is the PolNeAR source as written: the same surname as the
    source's head (the part before an apposition: "Phil Smith, a spokesman for ..."), or the
    speaker's full name standing in the source ("Another critic, Laurence H. Tribe")."""
    if not speaker or not source:
        return False
    head = re.split(r"\s*[,(\u2014]\s*", source.strip(), maxsplit=1)[0]
    if speakers_agree(speaker, head):
        return True
    ts, tg = _name_tokens(speaker), _name_tokens(source)
    if len(ts) >= 2 or (ts and speaker[:1].isupper()):
        n = len(ts)
        return any(tg[k : k + n] == ts for k in range(len(tg) - n + 1))
    return False


def match_statements(
    pred: Sequence[Statement], gold: Sequence[Statement | GoldStatement], *, check_speaker: bool = True
) -> list[tuple[int, int]]:
    """Pairs (prediction index, gold index) that match: contents overlapping by at least half of
    the shorter span and, with ``check_speaker``, agreeing speakers. Many-to-one."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if getattr(p, "doc_id", None) != getattr(g, "doc_id", None):
                continue
            if not overlap_ok(p.start, p.end, g.start, g.end):
                continue
            if check_speaker and not (
                speakers_agree(p.speaker, g.speaker) or speakers_agree(p.mention, g.speaker)
            ):
                continue
            pairs.append((i, j))
    return pairs


def _prf(tp: int, npred: int, found: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = found / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _closest(pred: Sequence[Statement], g: GoldStatement, cands: list[int]) -> list[int]:
    """The predictions among ``cands`` that overlap ``g`` the most (ties kept: a joint act gives
    one prediction per party over the same span)."""
    ov = {i: min(pred[i].end, g.end) - max(pred[i].start, g.start) for i in cands}
    top = max(ov.values())
    return [i for i in cands if ov[i] == top]


def score(
    dataset: str,
    pairs_of_docs: Iterable[tuple[Sequence[Statement], Sequence[GoldStatement]]],
    *,
    check_speaker_in_match: bool,
) -> AttributionScores:
    """Aggregate the match over documents (see the module doc for what is counted)."""
    ndocs = npred = ngold = tp = found = checked = correct = 0
    for pred, gold in pairs_of_docs:
        ndocs += 1
        pairs = match_statements(pred, gold, check_speaker=check_speaker_in_match)
        matched_pred: dict[int, list[int]] = {}
        for i, j in pairs:
            matched_pred.setdefault(i, []).append(j)
        scored_gold = [j for j, g in enumerate(gold) if g.scored]
        ngold += len(scored_gold)
        for i, p in enumerate(pred):
            js = matched_pred.get(i)
            if js is None:
                npred += 1
            elif any(gold[j].scored for j in js):
                npred += 1
                tp += 1
            # a prediction matching only unscored gold (no source) is not counted at all
        by_gold: dict[int, list[int]] = {}
        for i, j in pairs:
            by_gold.setdefault(j, []).append(i)
        for j in scored_gold:
            if j in by_gold:
                found += 1
        if check_speaker_in_match:
            # speaker accuracy: of the gold statements some prediction covers (contents matched,
            # whoever the speaker), the share whose closest prediction names the right speaker
            by_span: dict[int, list[int]] = {}
            for i, j in match_statements(pred, gold, check_speaker=False):
                by_span.setdefault(j, []).append(i)
            for j in scored_gold:
                if j not in by_span:
                    continue
                checked += 1
                if any(speakers_agree(pred[i].speaker, gold[j].speaker) or speakers_agree(pred[i].mention, gold[j].speaker)
                       for i in _closest(pred, gold[j], by_span[j])):
                    correct += 1
            continue
        for j in scored_gold:
            g = gold[j]
            if j in by_gold and g.named:
                checked += 1
                best = max(
                    by_gold[j],
                    key=lambda i: min(pred[i].end, g.end) - max(pred[i].start, g.start),
                )
                p = pred[best]
                if source_agrees(p.speaker, g.speaker) or source_agrees(p.mention, g.speaker):
                    correct += 1
    p, r, f = _prf(tp, npred, found, ngold)
    return AttributionScores(
        dataset, ndocs, npred, ngold, tp, found, p, r, f, checked, correct, correct / checked if checked else 0.0
    )


# ------------------------------------------------------------------ gold JSONL
def read_gold(path: str | Path) -> list[tuple[Document, list[GoldStatement]]]:
    """Documents and gold statements of a GUIDELINES.md JSONL file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such gold file")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                doc = Document.create(
                    rec["text"],
                    title=rec.get("title"),
                    source=rec.get("source"),
                    url=rec.get("url"),
                    published=dt.date.fromisoformat(rec["published"][:10]) if rec.get("published") else None,
                    language=rec.get("language"),
                    external_id=rec.get("id"),
                    metadata={"speaker": rec["speaker"]} if rec.get("speaker") else {},
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(str(path), f"not a gold record: {exc}", f"line {n}") from None
            gold = [
                GoldStatement(doc.id, int(s["start"]), int(s["end"]), s.get("speaker"), cue=s.get("cue"), kind=s.get("kind"))
                for s in rec.get("statements") or ()
            ]
            out.append((doc, gold))
    return out


def evaluate_gold(path: str | Path, extractor: Extractor | None = None, registry: Any = None) -> AttributionScores:
    """Statement P/R/F1 with speakers matched, on a gold JSONL file (``../shared/gold/dev.jsonl``)."""
    data = read_gold(path)
    if extractor is None:
        lang = next((d.language for d, _ in data if d.language), "en")
        extractor = get_extractor(lang, registry if registry is not None else _default_registry())
    preds = extractor.pipe([d for d, _ in data])
    return score(Path(path).name, ((list(p), g) for p, (_, g) in zip(preds, data)), check_speaker_in_match=True)


# ----------------------------------------------------------------- PolNeAR
def _read_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict[str, str]]]:
    ents: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    rels: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not re.fullmatch(r"[TE]\d+", parts[0]):
                continue  # notes, and continuation lines of surfaces with line breaks
            if parts[0][0] == "T":
                try:
                    label, rest = parts[1].split(" ", 1)
                    spans = [tuple(int(x) for x in piece.split()) for piece in rest.split(";")]
                except ValueError:
                    continue
                ents[parts[0]] = (label, spans, parts[2] if len(parts) > 2 else "")  # type: ignore[assignment]
            else:
                roles = {}
                for item in parts[1].split():
                    if ":" in item:
                        k, v = item.split(":", 1)
                        roles[k] = v
                rels.append(roles)
    return ents, rels


def _is_named(source: str) -> bool:
    words = source.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower().strip(",.") in _PRONOUNS:
        return False
    if words[0].lower() in _PRONOUNS and len(words) <= 2 and not any(w[:1].isupper() for w in words[1:]):
        return False
    return any(w[:1].isupper() for w in words[1:]) or (words[0][:1].isupper() and words[0].lower() not in _PRONOUNS and words[0].lower() not in ("the", "a", "an"))


def read_polnear(root: str | Path, split: str = "dev") -> list[tuple[Document, list[GoldStatement]]]:
    """Articles of a PolNeAR split with their attributions as gold statements."""
    root = Path(root)
    tdir, adir = root / split / "text", root / split / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise InputError(str(root), f"not a PolNeAR folder: {split}/text and {split}/attributions are needed")
    meta: dict[str, dict[str, str]] = {}
    mpath = root / "metadata.tsv"
    if mpath.is_file():
        with mpath.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                meta[row["filename"]] = row
    files: dict[str, Path] = {}
    for ann in sorted(adir.glob("*.ann")):
        article = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        files.setdefault(article, ann)
    out = []
    for article, ann in sorted(files.items()):
        txt = tdir / f"{article}.txt"
        if not txt.is_file():
            continue
        text = txt.read_text(encoding="utf-8")
        m = meta.get(article, {})
        try:
            published = dt.date.fromisoformat(m.get("publication_date", "")[:10])
        except ValueError:
            published = None
        doc = Document.create(
            text,
            title=m.get("title"),
            source=m.get("publisher"),
            published=published,
            language="en",
            external_id=article,
        )
        ents, rels = _read_ann(ann)
        gold = []
        for r in rels:
            content = r.get("Content")
            if content not in ents:
                continue
            spans = ents[content][1]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            src = ents[r["Source"]][2] if r.get("Source") in ents else None
            cue = ents[r["Cue"]][2] if r.get("Cue") in ents else None
            cue_spans = tuple(ents[r["Cue"]][1]) if r.get("Cue") in ents else ()
            gold.append(
                GoldStatement(
                    doc.id,
                    start,
                    end,
                    src,
                    named=bool(src) and _is_named(src),
                    scored=src is not None,
                    cue=cue,
                    cue_spans=cue_spans,  # type: ignore[arg-type]
                )
            )
        out.append((doc, gold))
    return out


def evaluate_polnear(
    root: str | Path, split: str = "dev", extractor: Extractor | None = None, registry: Any = None
) -> AttributionScores:
    """Statement P/R/F1 (contents) and speaker accuracy (named sources) on a PolNeAR split."""
    data = read_polnear(root, split)
    if extractor is None:
        extractor = get_extractor("en", registry if registry is not None else _default_registry())
    preds = extractor.pipe([d for d, _ in data])
    return score(f"polnear-{split}", ((list(p), g) for p, (_, g) in zip(preds, data)), check_speaker_in_match=False)


def _default_registry() -> Any:
    """The packaged actor registry (a registry that cannot be loaded is an error, never an
    evaluation without one)."""
    return load_registry()


# ------------------------------------------------------------ the annotated corpus
#: the genre of the project's own gold files (``../shared/gold/dev*.jsonl``), by their source
GOLD_GENRES: dict[str, str] = {
    "en.kremlin.ru": "en-official",
    "president.gov.ua": "en-official",
    "rian_ru": "ru-telegram",
    "resistinua": "uk-official",
}


#: corpora whose records name their speaker in a field (the annotations keep it as the source);
#: `parley ingest` keeps every field of a record in the document's metadata
SPEAKER_FIELD_CORPORA = frozenset(["ua-officials-2022"])
#: JSON Lines corpora whose records carry a ``speaker`` field (by record ``id``), kept in the
#: document's metadata as `parley ingest` keeps it
SPEAKER_FIELD_FILES: dict[str, str] = {
    "zelenskyy-speeches-en-2022-23": "zelenskyy_speeches_en_2022-07_2023-06.jsonl",
    "whitehouse-briefings-2024-26": "whitehouse_briefings_2024_2026.jsonl",
}


@functools.lru_cache(maxsize=8)
def _record_speakers(path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if rec.get("speaker"):
                    out[str(rec.get("id"))] = rec["speaker"]
    return out


@dataclass(frozen=True, slots=True)
class EvalDocument:
    """A document to score, its gold statements and where it belongs (language, genre, source)."""

    document: Document
    gold: tuple[GoldStatement, ...]
    language: str
    genre: str
    source: str
    corpus: str = ""

    @property
    def group(self) -> str:
        """The unit of leave-one-source-out: the corpus and the source within it."""
        return f"{self.corpus}:{self.source}" if self.corpus else self.source


def annotated_documents(path: str | Path | None = None, split: str = "dev", corpora: Path | None = None,
                        *, gold_files: Sequence[str | Path] = ()) -> list[EvalDocument]:
    """The documents of one split of the annotated corpus (``annotations/``), rebuilt from the
    shared corpora, with those of the gold files given (genres from :data:`GOLD_GENRES`).

    Never call it with ``split="blind"`` outside the coordinator's closing evaluation."""
    out = []
    if path is not None:
        for d in ann.load(Path(path), corpora, split=split):
            if d.field == "text" and not d.document.metadata:
                # the record's speaker field, kept in the metadata as `parley ingest` keeps it
                who: Any = None
                if d.corpus in SPEAKER_FIELD_CORPORA:
                    who = [ann.record(d.corpus, d.record, corpora).source]
                elif d.corpus in SPEAKER_FIELD_FILES:
                    f = Path(corpora or ann.default_corpora()) / d.corpus / SPEAKER_FIELD_FILES[d.corpus]
                    if f.is_file():
                        who = _record_speakers(str(f)).get(d.record)
                if who:
                    d = dataclasses.replace(d, document=dataclasses.replace(d.document, metadata={"speaker": who}))
            gold = tuple(
                GoldStatement(d.document.id, s.start, s.end, s.speaker, kind=s.kind,
                              cue=d.span_text(s.cue), cue_spans=(s.cue,) if s.cue else ())
                for s in d.statements
            )
            out.append(EvalDocument(d.document, gold, d.language, d.genre, d.source, d.corpus))
    for f in gold_files:
        for doc, gold in read_gold(f):
            genre = GOLD_GENRES.get(doc.source or "", f"{doc.language or 'en'}-official")
            out.append(EvalDocument(doc, tuple(gold), doc.language or "en", genre, doc.source or "?", Path(f).name))
    return out


def score_documents(dataset: str, items: Sequence[EvalDocument], predictions: Sequence[Sequence[Statement]]) -> AttributionScores:
    """Scores of ``predictions`` (one sequence per item) against the items' gold, speakers matched."""
    return score(dataset, ((list(p), list(it.gold)) for it, p in zip(items, predictions)), check_speaker_in_match=True)


def extract_all(items: Sequence[EvalDocument], extractor_for: Any) -> list[tuple[Statement, ...]]:
    """The predictions for every item: ``extractor_for(language)`` gives the extractor."""
    out: list[tuple[Statement, ...]] = []
    by_lang: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        by_lang.setdefault(it.language, []).append(k)
    preds: dict[int, tuple[Statement, ...]] = {}
    for lang, ks in by_lang.items():
        ex = extractor_for(lang)
        for k, p in zip(ks, ex.pipe([items[k].document for k in ks])):
            preds[k] = tuple(p)
    out = [preds[k] for k in range(len(items))]
    return out


def grouped_scores(split: str, items: Sequence[EvalDocument], predictions: Sequence[Sequence[Statement]],
                   by: Sequence[str] = ("language", "genre")) -> list[dict[str, Any]]:
    """One row of scores for everything, one per language, and one per combination of the ``by``
    fields (``language``, ``genre``, ``source``) that has documents."""
    for b in by:
        if b not in ("language", "genre", "source"):
            raise InputError("--by", f"cannot group by {b!r}; use language, genre or source")
    rows: list[dict[str, Any]] = []

    def add(label: dict[str, str], ks: list[int]) -> None:
        s = score_documents(split, [items[k] for k in ks], [predictions[k] for k in ks])
        rows.append({"split": split, **label, **s.as_dict()})

    add({"language": "all", "genre": "all"}, list(range(len(items))))
    langs = sorted({it.language for it in items})
    for lang in langs:
        add({"language": lang, "genre": "all"}, [k for k, it in enumerate(items) if it.language == lang])
    keys: dict[tuple[str, ...], list[int]] = {}
    for k, it in enumerate(items):
        keys.setdefault(tuple(getattr(it, b) for b in by), []).append(k)
    if tuple(by) != ("language",):
        for key in sorted(keys):
            label = dict(zip(by, key))
            label.setdefault("language", items[keys[key][0]].language)
            label.setdefault("genre", "all")
            add(label, keys[key])
    return rows


def default_gold_files(corpora: Path | None = None) -> list[Path]:
    """The project's dev gold files beside the corpora (``../shared/gold/dev*.jsonl``), part of the
    dev split of the annotated corpus (annotations/README.md); none when the folder is absent."""
    gold = Path(corpora or ann.default_corpora()).parent / "gold"
    return sorted(gold.glob("dev*.jsonl")) if gold.is_dir() else []


def evaluate_annotations(path: str | Path | None, split: str = "dev", *, by: Sequence[str] = ("language", "genre"),
                         registry: Any = None, corpora: Path | None = None,
                         gold_files: Sequence[str | Path] | None = None, extractor_for: Any = None) -> list[dict[str, Any]]:
    """Statement P/R/F1 (speakers matched) and speaker accuracy on one split of the annotated
    corpus, overall, per language and per ``by`` group. ``split`` is ``train`` or ``dev``: the
    blind split is scored by the coordinator only. The dev split includes the gold files given
    (by default :func:`default_gold_files`)."""
    if split not in ("train", "dev"):
        raise InputError("--split", f"split {split!r}: use train or dev (the blind split is not scored here)")
    if gold_files is None:
        gold_files = default_gold_files(corpora) if split == "dev" else ()
    items = annotated_documents(path, split, corpora, gold_files=gold_files)
    if not items:
        raise InputError(str(path), f"no annotated documents in the {split} split")
    if extractor_for is None:
        reg = registry if registry is not None else _default_registry()

        def extractor_for(lang: str) -> Extractor:
            return get_extractor(lang, reg)

    return grouped_scores(split, items, extract_all(items, extractor_for), by)

