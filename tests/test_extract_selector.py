"""The learned statement model (parley.extract.selector) and its training (parley.extract.train):
features, the JSON weights, the packaged model, labels and leave-one-source-out folds."""

from __future__ import annotations

import json

import pytest

from parley.errors import ConfigError
from parley.evaluation.attribution import EvalDocument, GoldStatement
from parley.extract import Extractor
from parley.extract.lexicon import load_lexicon
from parley.extract.selector import StatementSelector, load_selector, statement_features
from parley.extract.train import (
    SELECTOR_THRESHOLDS,
    DocCandidates,
    fit_selector,
    label_candidates,
    source_folds,
)
from parley.records import Document, Span, Statement


def _st(text: str, start: int, end: int, speaker: str | None, mention=None, cue=None) -> Statement:
    return Statement(doc_id="d", start=start, end=end, text=text[start:end], kind="indirect", speaker=speaker,
                     mention=mention[2] if mention else None, mention_span=Span(*mention) if mention else None,
                     cue=cue[2] if cue else None, cue_span=Span(*cue) if cue else None)


def test_features_say_where_a_candidate_comes_from_and_what_its_speaker_is():
    text = "Peskov said the talks would resume."
    st = _st(text, 12, 34, "Dmitry Peskov", (0, 6, "Peskov"), (7, 11, "said"))
    f = statement_features(st, origin="verb", speaker="actor-person", lexicon=load_lexicon("en"), cue_lemma="say")
    assert {"o=verb", "s=actor-person", "en:cue=say", "m=cap", "mpos=before", "side=right", "cls=speech"} <= set(f)
    ru = statement_features(st, origin="verb", speaker="actor-person", lexicon=load_lexicon("ru"), cue_lemma="заявить")
    assert "ru:cue=заявить" in ru and "o=verb" in ru  # structure shared, words per language
    assert f == statement_features(st, origin="verb", speaker="actor-person", lexicon=load_lexicon("en"), cue_lemma="say")


def test_selector_round_trip_and_bad_files():
    sel = StatementSelector({"bias": -1.0, "o=verb": 3.0}, 0.4, "t1")
    again = StatementSelector.from_dict(json.loads(sel.to_json()))
    assert again == sel
    assert sel.probability(["bias", "o=verb"]) > 0.8 > sel.probability(["bias"])
    with pytest.raises(ConfigError, match="not a statement model"):
        StatementSelector.from_dict({"weights": "nope"})


def test_packaged_model():
    sel = load_selector()
    assert sel is not None and sel.threshold in SELECTOR_THRESHOLDS and "bias" in sel.weights
    assert any(k.startswith("ru:") for k in sel.weights) and any(k.startswith("uk:") for k in sel.weights)


def test_the_model_sets_confidence_and_drops_what_it_rejects():
    text = "Peskov said the talks would resume. Despite said the weather was fine."
    doc = Document.create(text, language="en")
    everything = Extractor(language="en", selector=None)
    cands = everything.candidates(doc)
    assert cands and all(isinstance(f, list) and f for _, f in cands)
    reject_all = StatementSelector({"bias": -20.0}, 0.5, "none")
    assert Extractor(language="en", selector=reject_all)(doc) == ()
    keep_all = StatementSelector({"bias": 20.0}, 0.5, "all")
    kept = Extractor(language="en", selector=keep_all)(doc)
    assert kept and all(s.confidence == 1.0 for s in kept)


def test_labels_need_the_span_and_with_speakers_the_speaker():
    text = "Peskov said the talks would resume."
    gold = [GoldStatement("d", 12, 34, "Dmitry Peskov")]
    right = _st(text, 12, 34, "Dmitry Peskov")
    wrong = _st(text, 12, 34, "Sergey Lavrov")
    elsewhere = _st(text, 0, 6, "Dmitry Peskov")
    assert label_candidates([right, wrong, elsewhere], gold, speakers=True) == [1, 0, 0]
    assert label_candidates([right, wrong, elsewhere], gold, speakers=False) == [1, 1, 0]


def _doc(group_source: str, corpus: str, annotated: bool, label: int) -> DocCandidates:
    d = Document.create(f"{group_source} {label}", language="en")
    item = EvalDocument(d, (), "en", "en-wire", group_source, corpus)
    st = Statement(doc_id=d.id, start=0, end=1, text=d.text[:1], kind="indirect", speaker="X")
    return DocCandidates(item, [(st, ["bias", f"o={'verb' if label else 'headline'}"], label)], annotated)


def test_folds_leave_one_source_out_and_polnear_in_blocks():
    docs = [_doc("A", "c1", True, 1), _doc("A", "c1", True, 0), _doc("B", "c2", True, 1)]
    docs += [_doc("polnear", "polnear", False, k % 2) for k in range(6)]
    folds = source_folds(docs, polnear_folds=3)
    assert [len(f) for f in folds] == [2, 1, 2, 2, 2]
    assert {d.item.group for d in folds[0]} == {"c1:A"} and {d.item.group for d in folds[1]} == {"c2:B"}
    model = fit_selector(docs, 0.5)
    assert model.probability(["bias", "o=verb"]) > model.probability(["bias", "o=headline"])
    with pytest.raises(ValueError):
        fit_selector([_doc("A", "c1", True, 1)], 0.5)
